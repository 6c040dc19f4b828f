<#
.SYNOPSIS
    Lists the pairs of engine folders that reference each other both ways; none is the rule.
.DESCRIPTION
    Each folder of the engine is a room (Errors, Bodies, Requests, Resilience, Sessions, Running, Streaming, ...).
    A folder ties to another when one of its files names a type declared there (comments and string literals aside).
    Ties must run one way, so that each room can be read, and changed, from the rooms below it alone.
    Writes one line per two-way pair, naming the files and types on each side, and exits with 1 when there is any.
    With -All it writes every tie instead, as "From -> To: file -> type, ...", and always exits with 0.
.EXAMPLE
    pwsh -NoProfile -File tools/Test-FolderTies.ps1
#>
[CmdletBinding()]
param(
    [string] $Path = [IO.Path]::Combine($PSScriptRoot, '..', 'src', 'AsyncHttp.Engine'),
    [switch] $All
)

$declaration = [regex]'\b(?:class|struct|enum|interface|record)\s+([A-Z]\w*)'
$sources = @{}
$owner = @{}
foreach ($folder in [IO.Directory]::GetDirectories($Path)) {
    $room = [IO.Path]::GetFileName($folder)
    if ($room -in 'bin', 'obj') { continue }
    foreach ($file in [IO.Directory]::GetFiles($folder, '*.cs')) {
        $text = [IO.File]::ReadAllText($file)
        # Comments and string literals may name any type without tying anything.
        $text = [regex]::Replace($text, '//.*', '')
        $text = [regex]::Replace($text, '"(?:\\.|[^"\\])*"', '""')
        $sources["$room/$([IO.Path]::GetFileName($file))"] = $text
        foreach ($match in $declaration.Matches($text)) {
            $owner[$match.Groups[1].Value] = $room
        }
    }
}

$ties = @{}
foreach ($entry in $sources.GetEnumerator()) {
    $room, $file = $entry.Key -split '/', 2
    foreach ($type in $owner.Keys) {
        $to = $owner[$type]
        if ($to -ne $room -and [regex]::IsMatch($entry.Value, "\b$type\b")) {
            $key = "$room -> $to"
            if (-not $ties.ContainsKey($key)) { $ties[$key] = [Collections.Generic.SortedSet[string]]::new() }
            [void]$ties[$key].Add("$file -> $type")
        }
    }
}

if ($All) {
    foreach ($key in $ties.Keys | Sort-Object) { "${key}: $($ties[$key] -join ', ')" }
    exit 0
}
$twoWay = foreach ($key in $ties.Keys | Sort-Object) {
    $from, $to = $key -split ' -> '
    if ($from -lt $to -and $ties.ContainsKey("$to -> $from")) {
        "$from <-> ${to}: $($ties[$key] -join ', ') | $($ties["$to -> $from"] -join ', ')"
    }
}
$twoWay
if ($twoWay) { exit 1 }
