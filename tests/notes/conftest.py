"""Fixtures for the notes tests: real SQLCipher stores and a real Secret Service.

The keychain tests talk to Debian's gnome-keyring over a private D-Bus session
bus started here (never the developer's own keychain), with its data in a temp
folder. Where gnome-keyring or dbus-daemon is not installed, only the tests that
need a keychain are skipped, with the reason.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore

KEYRING_PASSWORD = b"rapport-test-login-password"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "notes.db"


@pytest.fixture
def raw_key() -> KeySpec:
    return KeySpec.raw(secrets.token_bytes(32))


@pytest.fixture
def store(db_path: Path, raw_key: KeySpec) -> Iterator[NotesStore]:
    with NotesStore(db_path, raw_key) as opened:
        yield opened


def _start_private_secret_service(root: Path) -> tuple[list[subprocess.Popen[bytes]], str]:
    dbus_daemon = shutil.which("dbus-daemon")
    keyring_daemon = shutil.which("gnome-keyring-daemon")
    if dbus_daemon is None or keyring_daemon is None:
        missing = "dbus-daemon" if dbus_daemon is None else "gnome-keyring-daemon"
        pytest.skip(
            f"{missing} is not installed; the keychain tests need a real Secret Service "
            "(Debian: apt-get install gnome-keyring dbus-daemon)."
        )
    for folder in ("home", "run", "data", "config", "cache"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "run").chmod(0o700)
    # Our own bus config: like the session bus, but with no service directories, so
    # D-Bus never auto-starts a second, locked gnome-keyring before ours claims the name.
    config = root / "bus.conf"
    config.write_text(
        f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={root / "run" / "bus"}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""",
        encoding="utf-8",
    )
    bus = subprocess.Popen(
        [dbus_daemon, f"--config-file={config}", "--nofork", "--print-address=1", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    if not address:
        bus.kill()
        pytest.fail("dbus-daemon started but printed no bus address")
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": address,
        "HOME": str(root / "home"),
        "XDG_RUNTIME_DIR": str(root / "run"),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
    }
    keyring = subprocess.Popen(
        [keyring_daemon, "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert keyring.stdin is not None
    keyring.stdin.write(KEYRING_PASSWORD)
    keyring.stdin.close()
    return [keyring, bus], address


def _wait_until_ready(backend: Any, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    # First wait for the unlocked login keyring to be the default collection. Asking
    # keyring before that makes it try to create a collection, which needs a GUI prompt.
    import secretstorage
    from secretstorage.collection import get_collection_by_alias

    while time.monotonic() < deadline:
        try:
            with secretstorage.dbus_init() as bus:
                if not get_collection_by_alias(bus, "default").is_locked():
                    break
        except Exception as error:  # not on the bus yet, or no default collection yet
            last_error = error
        time.sleep(0.05)
    while time.monotonic() < deadline:
        try:
            backend.set_password("rapport-test", "ready", "yes")
            if backend.get_password("rapport-test", "ready") == "yes":
                backend.delete_password("rapport-test", "ready")
                return
        except Exception as error:  # the daemon is still claiming its bus name
            last_error = error
        time.sleep(0.1)
    pytest.fail(f"gnome-keyring did not answer on the private bus: {last_error!r}")


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private, unlocked gnome-keyring Secret Service; yields its bus address."""
    root = tmp_path_factory.mktemp("secret-service")
    processes, address = _start_private_secret_service(root)
    saved = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        from keyring.backends import SecretService

        _wait_until_ready(SecretService.Keyring())
        yield address
    finally:
        if saved is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def keychain(secret_service: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """keyring's Secret Service backend on the private bus, made keyring's default."""
    import keyring
    from keyring.backends import SecretService

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service)
    backend = SecretService.Keyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def keychain_password() -> bytes:
    """The login password the private gnome-keyring was unlocked with."""
    return KEYRING_PASSWORD


@pytest.fixture
def no_keychain() -> Iterator[Any]:
    """keyring's "fail" backend, as on a machine without any keychain."""
    import keyring
    from keyring.backends import fail

    backend = fail.Keyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
