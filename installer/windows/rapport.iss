; Inno Setup script for Rapport (untested: Windows builds cannot be made on the
; Linux build machines). Build the bundle first on Windows:
;     python installer\build.py
; then compile this script with Inno Setup 6:
;     iscc installer\windows\rapport.iss
; The installer goes to dist\rapport-setup.exe.

#define AppName "Rapport"
#define AppVersion "0.1.0"
#define AppExe "rapport.exe"

[Setup]
AppId={{8E0B5C1E-6F0F-4B7A-9B2B-52A1F3C0D7A1}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Rapport
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default, so no administrator rights are needed.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=rapport-setup
SetupIconFile=..\..\resources\icons\rapport.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\rapport\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Drafts, notes and settings live in the user's AppData folders and are kept on
; uninstall, so reinstalling loses nothing.
