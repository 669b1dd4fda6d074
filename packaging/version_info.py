"""Windows version information for the frozen exes, filled from the package's own constants.

Explorer shows it under Properties → Details, and Windows' "apps" list shows the product name. The
spec calls `write_version_file(path, ...)`; PyInstaller reads the text back (it ignores it off Windows).
Run alone to print the resource: `python packaging/version_info.py`.
"""
from __future__ import annotations

import re
from pathlib import Path

COMPANY = "evaldesk"
COPYRIGHT = "MIT License"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); Windows wants four small integers, so '1.2.0rc1' -> (1, 2, 0, 0)."""
    leading = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(part) for part in leading.group(0).split(".")[:4]] if leading else []
    while len(numbers) < 4:
        numbers.append(0)
    return tuple(numbers)  # type: ignore[return-value]


def version_text(version: str, file_name: str, description: str, product: str) -> str:
    """The resource in PyInstaller's text format (a Python expression of VSVersionInfo)."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": file_name.removesuffix(".exe"),
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": file_name,
        "ProductName": product,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0804 = Chinese (PRC); 1200 = Unicode code page. Explorer shows these strings on a Chinese Windows.
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def write_version_file(path: Path, version: str, file_name: str, description: str, product: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_text(version, file_name, description, product), encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import evaldesk

    print(version_text(evaldesk.__version__, "evaldesk.exe", evaldesk.APP_DISPLAY_NAME, evaldesk.APP_DISPLAY_NAME))
