using System.Management.Automation.Runspaces;
using Microsoft.PowerShell;

// The PowerShell console of the SDK, started with the caller's arguments (-File, -Command, -NoProfile, …).
return ConsoleShell.Start(InitialSessionState.CreateDefault2(), bannerText: string.Empty, helpText: string.Empty, args);
