"""Where a clerk's settings, templates and autosaves live on Linux: the XDG folders, worked out without
platformdirs (its import was a third of `evaldesk check`), and the very folders platformdirs gives."""
import subprocess
import sys

import platformdirs
import pytest

from evaldesk.storage import paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("data_home, config_home", [
    (None, None), ("/srv/共享/data", "/srv/共享/config"), ("", "   "), ("relative/data", "relative/config"),
])
def test_the_folders_are_those_platformdirs_gives(data_home, config_home, monkeypatch, tmp_path):
    monkeypatch.delenv("EVALDESK_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "用户"))
    for variable, value in (("XDG_DATA_HOME", data_home), ("XDG_CONFIG_HOME", config_home)):
        monkeypatch.delenv(variable, raising=False) if value is None else monkeypatch.setenv(variable, value)
    assert paths.data_folder() == platformdirs.user_data_dir("evaldesk", appauthor=False, roaming=True)
    assert str(paths.config_dir()) == platformdirs.user_config_dir("evaldesk", appauthor=False, roaming=True)
    assert paths.data_folder().startswith(data_home if data_home and data_home.startswith("/") else str(tmp_path))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
def test_finding_the_folders_loads_no_platformdirs(tmp_path):
    code = ("import sys; from evaldesk.storage import paths; paths.data_folder(); paths.config_dir(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('platformdirs', 'tempfile', 'shutil')))")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
