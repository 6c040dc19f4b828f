#!/usr/bin/env bash
# Runs every test suite: the xunit suite (engine, and the module in the hosted PowerShell engine) always;
# the Pester suite as well when a pwsh with Pester 5 is on PATH, and says plainly when it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build AsyncHttp.slnx -c Release
dotnet test tests/AsyncHttp.Tests -c Release --no-build --logger "console;verbosity=normal"

if ! command -v pwsh >/dev/null 2>&1; then
    echo "Pester suite skipped: no pwsh on PATH (the xunit suite above ran the module in the hosted PowerShell engine)."
    exit 0
fi
if ! pwsh -NoProfile -Command 'if (-not (Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -ge 5 })) { exit 1 }'; then
    echo "Pester suite skipped: pwsh is on PATH but Pester 5 is not installed."
    exit 0
fi
pwsh -NoProfile -File tools/Invoke-PesterSuite.ps1
