; evaldesk installer (Inno Setup 6.3 or later). Build steps: packaging/README.md.
;
;   iscc packaging\evaldesk.iss                     (after: pyinstaller --noconfirm packaging\evaldesk.spec)
;   iscc /DDistDir=C:\path\to\dist\evaldesk packaging\evaldesk.iss
;
; Per user, no administrator rights: installs to %LOCALAPPDATA%\Programs\evaldesk, registers the .evd
; file type under HKCU\Software\Classes, and puts shortcuts in the user's Start menu and desktop.
; Uninstalling removes the program folder, the shortcuts and the file type, nothing else: the clerk's
; forms (wherever saved) and %APPDATA%\evaldesk (settings, own templates, autosaves) stay.
;
; Name, version and description are not repeated here: they are read from evaldesk.exe's version
; resource, which packaging/evaldesk.spec fills from evaldesk/__init__.py.

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\dist\evaldesk"
#endif
#define AppExe "evaldesk.exe"
#define AppExePath AddBackslash(DistDir) + AppExe
#ifnexist AppExePath
  #error evaldesk.exe not found: build with PyInstaller first, or pass /DDistDir=...
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(AppExePath, "ProductVersion")
#endif
#define AppName "绩效表填报助手"
#define AppFullName GetStringFileInfo(AppExePath, "ProductName")
#define ProgId "evaldesk.form"
#define IconFile AddBackslash(SourcePath) + "..\src\evaldesk\resources\icons\evaldesk.ico"
; {autopf} is %LOCALAPPDATA%\Programs here. Wine 8 cannot expand it (FOLDERID_UserProgramFiles), so the
; Wine check (packaging/wine_check.sh) names the same folder: /DDefaultDir={localappdata}\Programs\evaldesk
#ifndef DefaultDir
  #define DefaultDir "{autopf}\evaldesk"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\dist"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{0BA55B62-8D39-4C30-A9DF-1FD0602A88E0}
AppName={#AppFullName}
AppVersion={#AppVersion}
AppVerName={#AppFullName} {#AppVersion}
AppPublisher=evaldesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppFullName}
VersionInfoDescription={#AppName} 安装程序
PrivilegesRequired=lowest
; With PrivilegesRequired=lowest, {autopf} is {userpf} = %LOCALAPPDATA%\Programs.
DefaultDirName={#DefaultDir}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later.
MinVersion=10.0.17763
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppFullName}
OutputDir={#OutputDir}
OutputBaseFilename=evaldesk-{#AppVersion}-setup
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
; Inno Setup ships Simplified Chinese wizard texts only in recent versions (older ones keep it among the
; unofficial translations). Use it when the compiler has it, or when ChineseSimplified.isl is put next
; to this script; otherwise the standard wizard buttons stay English and our own texts below are Chinese.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "zh"; MessagesFile: "{#AddBackslash(SourcePath)}ChineseSimplified.isl"
#else
Name: "zh"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
DesktopShortcut=在桌面创建快捷方式(&D)
Shortcuts=快捷方式：
FormFileType=绩效表单 (evaldesk)
LaunchApp=启动 {#AppName}

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:Shortcuts}"

[Files]
; The whole one-folder build: evaldesk.exe (window), evaldesk-cli.exe (commands), _internal\.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries whole, so files of an older build cannot linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppFullName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppFullName}"; Tasks: desktopicon

[Registry]
; .evd -> evaldesk.form; double-click runs: "evaldesk.exe" "%1". Under HKCU: no administrator needed.
Root: HKCU; Subkey: "Software\Classes\.evd"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.evd\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:FormFileType}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".evd"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent
