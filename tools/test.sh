#!/usr/bin/env bash
# Runs every test suite: the xunit suite (engine, and the module in the hosted PowerShell engine) always;
# the Pester suite as well when a pwsh with Pester 5 is on PATH, and says plainly when it is skipped.
# Ends with one line "N passed, N failed" over both suites.
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build AsyncHttp.slnx -c Release
dotnet test tests/AsyncHttp.Tests -c Release --no-build --logger "console;verbosity=normal" | tee "$log"
passed=$(sed -n 's/^ *Passed: *\([0-9]*\)$/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^ *Failed: *\([0-9]*\)$/\1/p' "$log" | tail -1)
passed=${passed:-0}
failed=${failed:-0}
echo "xunit: $passed passed, $failed failed"

if ! command -v pwsh >/dev/null 2>&1; then
    echo "Pester suite skipped: no pwsh on PATH (the xunit suite above ran the module in the hosted PowerShell engine)."
elif ! pwsh -NoProfile -Command 'if (-not (Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -ge 5 })) { exit 1 }'; then
    echo "Pester suite skipped: pwsh is on PATH but Pester 5 is not installed."
else
    pwsh -NoProfile -File tools/Invoke-PesterSuite.ps1 | tee "$log"
    pester_passed=$(sed -n 's/^Pester: \([0-9]*\) passed.*/\1/p' "$log")
    pester_failed=$(sed -n 's/^Pester: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$log")
    passed=$((passed + ${pester_passed:-0}))
    failed=$((failed + ${pester_failed:-1}))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
