"""Where the notes database key comes from.

Two ways to protect the database, recorded in a small sidecar file
(``notes.keyinfo.json``, which holds no secret):

* ``keychain``: a random 256-bit key in the OS keychain (``keyring``), used as
  SQLCipher's raw key. The sidecar names the keychain entry.
* ``passphrase``: where no keychain exists, a passphrase the user types. SQLCipher
  derives the key from it (PBKDF2-HMAC-SHA512 with a per-database salt).

The key is never written anywhere else, and there is no unencrypted fallback.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapport.notes.errors import KeyUnavailable, NotesError

KEYRING_SERVICE = "Rapport notes database"
KEYINFO_SUFFIX = ".keyinfo.json"

#: Asked for a passphrase; ``confirm`` is True when a new one is being set.
PassphraseProvider = Callable[[bool], str]


@dataclass(frozen=True)
class KeySpec:
    """What goes into ``PRAGMA key``; ``repr`` never shows the secret."""

    method: str  # "keychain" (raw 256-bit key) or "passphrase"
    secret: str = field(repr=False)

    def pragma_value(self) -> str:
        """The SQL literal for ``PRAGMA key = …`` (a pragma cannot take parameters)."""
        if self.method == "keychain":
            return f"\"x'{self.secret}'\""
        return "'" + self.secret.replace("'", "''") + "'"

    @staticmethod
    def raw(key: bytes) -> KeySpec:
        if len(key) != 32:
            raise ValueError("a raw notes key is 32 bytes")
        return KeySpec("keychain", key.hex())

    @staticmethod
    def passphrase(text: str) -> KeySpec:
        if not text:
            raise KeyUnavailable("The passphrase is empty; the notes need a real one.")
        if "\x00" in text:
            raise KeyUnavailable("The passphrase cannot contain a NUL character.")
        return KeySpec("passphrase", text)


def keyinfo_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEYINFO_SUFFIX)


def _backend(backend: Any = None) -> Any:
    if backend is not None:
        return backend
    import keyring  # lazy: keyring probes D-Bus when first used

    return keyring.get_keyring()


def keychain_available(backend: Any = None) -> bool:
    """True when keyring has a real, encrypting keychain behind it.

    keyring falls back to a "fail" or "null" backend when there is none; the
    keyrings.alt file backends keep secrets in a file we would not trust with the key.
    """
    try:
        keychain = _backend(backend)
    except Exception:
        return False
    return _is_real_keychain(keychain)


def _is_real_keychain(keychain: Any) -> bool:
    module = type(keychain).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")):
        return False
    if module.startswith("keyring.backends.chainer"):
        return any(_is_real_keychain(inner) for inner in getattr(keychain, "backends", ()))
    priority = getattr(type(keychain), "priority", 1)
    try:
        return float(priority) > 0
    except Exception:  # keyring raises from `priority` when the backend is unusable
        return False


def _read_keyinfo(path: Path) -> dict[str, Any] | None:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise KeyUnavailable(f"Could not read {path}: {error.strerror or error}.") from None
    try:
        info = json.loads(raw)
    except ValueError:
        raise KeyUnavailable(
            f"{path} is damaged (not JSON); it says how the notes are locked."
        ) from None
    if not isinstance(info, dict) or info.get("method") not in ("keychain", "passphrase"):
        raise KeyUnavailable(f"{path} is damaged (no valid 'method').")
    return info


def _write_keyinfo(path: Path, info: dict[str, Any]) -> None:
    from rapport.fileio import atomic_write_text

    atomic_write_text(path, json.dumps(info, indent=2) + "\n")


def protection_method(db_path: Path) -> str | None:
    """ "keychain", "passphrase", or None when the store has not been set up yet."""
    info = _read_keyinfo(keyinfo_path(db_path))
    return None if info is None else str(info["method"])


def resolve_key(
    db_path: Path,
    *,
    passphrase_provider: PassphraseProvider | None = None,
    backend: Any = None,
    create: bool = True,
) -> KeySpec:
    """The key for ``db_path``; sets up a new one (keychain first) when there is none."""
    info_path = keyinfo_path(db_path)
    info = _read_keyinfo(info_path)
    if info is not None:
        if info["method"] == "keychain":
            return _key_from_keychain(str(info.get("key_id", "")), backend)
        return _ask_passphrase(passphrase_provider, confirm=not db_path.exists())
    if db_path.exists():
        raise KeyUnavailable(
            f"{info_path.name} is missing next to {db_path}, so Rapport cannot tell how "
            "the notes are locked. Restore that file from a backup."
        )
    if not create:
        from rapport.notes.errors import StoreMissing

        raise StoreMissing(f"There is no notes database yet ({db_path}).")
    if keychain_available(backend):
        spec = _new_keychain_key(backend)
        if spec is not None:
            key_id, key = spec
            _write_keyinfo(info_path, {"version": 1, "method": "keychain", "key_id": key_id})
            return key
    key = _ask_passphrase(passphrase_provider, confirm=True)
    _write_keyinfo(info_path, {"version": 1, "method": "passphrase"})
    return key


def _new_keychain_key(backend: Any) -> tuple[str, KeySpec] | None:
    """Store a fresh key in the keychain and read it back; None if the keychain refuses."""
    keychain = _backend(backend)
    key_id = f"notes-{uuid.uuid4()}"
    key = KeySpec.raw(secrets.token_bytes(32))
    try:
        keychain.set_password(KEYRING_SERVICE, key_id, key.secret)
        stored = keychain.get_password(KEYRING_SERVICE, key_id)
    except Exception:
        return None
    if stored != key.secret:
        return None
    return key_id, key


def _key_from_keychain(key_id: str, backend: Any) -> KeySpec:
    if not keychain_available(backend):
        raise KeyUnavailable(
            "The notes database key is kept in the OS keychain, and no keychain is "
            "available right now (is the Secret Service / login keyring running and unlocked?)."
        )
    try:
        secret = _backend(backend).get_password(KEYRING_SERVICE, key_id)
    except Exception as error:
        raise KeyUnavailable(
            f"The OS keychain would not hand over the notes key ({type(error).__name__}); "
            "unlock the keychain and try again."
        ) from None
    if not secret:
        raise KeyUnavailable(
            f"The notes key ({KEYRING_SERVICE} / {key_id}) is not in the OS keychain any "
            "more. Without it the notes cannot be opened; restore the keychain entry."
        )
    try:
        return KeySpec.raw(bytes.fromhex(secret))
    except ValueError:
        raise KeyUnavailable("The notes key in the OS keychain is damaged.") from None


def _ask_passphrase(provider: PassphraseProvider | None, *, confirm: bool) -> KeySpec:
    if provider is None:
        raise KeyUnavailable("The notes database is locked with a passphrase and none was given.")
    try:
        text = provider(confirm)
    except NotesError:
        raise
    return KeySpec.passphrase(text)


def forget_keychain_key(db_path: Path, backend: Any = None) -> None:
    """Remove the keychain entry of a store that is being deleted."""
    info = _read_keyinfo(keyinfo_path(db_path))
    if info is None or info["method"] != "keychain":
        return
    with contextlib.suppress(Exception):
        _backend(backend).delete_password(KEYRING_SERVICE, str(info.get("key_id", "")))
