#!/usr/bin/env bash
# Runs every test suite on a machine that has only the .NET SDK: restores the pinned pwsh (.config/dotnet-tools.json)
# and Pester (tools/TestModules), builds, runs the xunit suite (engine, and the module in the hosted PowerShell
# engine), then the Pester suite in that pwsh against the PowerShell 7 build and the netstandard2.0 build.
# Ends with one line "N passed, N failed" over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set -e
dotnet tool restore
dotnet restore tools/TestModules --packages .modules
dotnet build AsyncHttp.slnx -c Release
set +e

dotnet test tests/AsyncHttp.Tests -c Release --no-build --logger "console;verbosity=normal" | tee "$log"
xunit_passed=$(sed -n 's/^ *Passed: *\([0-9]*\)$/\1/p' "$log" | tail -1)
xunit_failed=$(sed -n 's/^ *Failed: *\([0-9]*\)$/\1/p' "$log" | tail -1)
passed=${xunit_passed:-0}
failed=${xunit_failed:-0}
# dotnet test prints no "Failed:" line when none failed, and no summary at all when it could not run.
grep -q '^Total tests:' "$log" || failed=$((failed + 1))
echo "xunit: $passed passed, $failed failed"

for build in net8.0 netstandard2.0; do
    dotnet pwsh -NoProfile -NonInteractive -File tools/Invoke-PesterSuite.ps1 -Build "$build" | tee "$log"
    line=$(grep -E '^Pester \(' "$log" | tail -1)
    p=$(sed -n 's/^Pester ([^)]*): \([0-9]*\) passed.*/\1/p' <<<"$line")
    f=$(sed -n 's/^Pester ([^)]*): [0-9]* passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
