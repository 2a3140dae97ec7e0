"""The key lives in a real keychain (gnome-keyring over a private D-Bus), or behind a
passphrase where there is none; never in a file, never an unencrypted fallback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rapport.notes.errors import KeyUnavailable, StoreMissing
from rapport.notes.keys import (
    KEYRING_SERVICE,
    keychain_available,
    keyinfo_path,
    protection_method,
)
from rapport.notes.store import open_store


def _files_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_new_store_keeps_a_random_key_in_the_keychain(db_path: Path, keychain: Any) -> None:
    with open_store(db_path, keyring_backend=keychain) as store:
        store.add_contact("Laura Chen")
    assert protection_method(db_path) == "keychain"
    info = json.loads(keyinfo_path(db_path).read_text())
    secret = keychain.get_password(KEYRING_SERVICE, info["key_id"])
    assert secret is not None and len(bytes.fromhex(secret)) == 32
    # The key is only in the keychain: not in the sidecar, not in the data folder.
    assert secret.encode() not in _files_bytes(db_path.parent)
    assert bytes.fromhex(secret) not in _files_bytes(db_path.parent)
    with open_store(db_path, keyring_backend=keychain) as store:
        assert store.find_contact("Laura Chen").name == "Laura Chen"


def test_each_store_gets_its_own_key(tmp_path: Path, keychain: Any) -> None:
    first, second = tmp_path / "a" / "notes.db", tmp_path / "b" / "notes.db"
    open_store(first, keyring_backend=keychain).close()
    open_store(second, keyring_backend=keychain).close()
    keys = {
        keychain.get_password(KEYRING_SERVICE, json.loads(keyinfo_path(p).read_text())["key_id"])
        for p in (first, second)
    }
    assert len(keys) == 2


def test_the_default_keyring_is_used_when_none_is_passed(db_path: Path, keychain: Any) -> None:
    open_store(db_path).close()
    assert protection_method(db_path) == "keychain"


def test_a_deleted_keychain_entry_is_reported_and_data_kept(db_path: Path, keychain: Any) -> None:
    with open_store(db_path, keyring_backend=keychain) as store:
        store.add_contact("Laura Chen")
    info = json.loads(keyinfo_path(db_path).read_text())
    secret = keychain.get_password(KEYRING_SERVICE, info["key_id"])
    before = db_path.read_bytes()
    keychain.delete_password(KEYRING_SERVICE, info["key_id"])
    with pytest.raises(KeyUnavailable, match="not in the OS keychain"):
        open_store(db_path, keyring_backend=keychain)
    assert db_path.read_bytes() == before
    keychain.set_password(KEYRING_SERVICE, info["key_id"], secret)
    with open_store(db_path, keyring_backend=keychain) as store:
        assert store.contact_count() == 1


def test_a_keychain_store_says_so_when_the_keychain_is_gone(
    db_path: Path, keychain: Any, no_keychain: Any
) -> None:
    open_store(db_path, keyring_backend=keychain).close()
    with pytest.raises(KeyUnavailable, match="no keychain is available"):
        open_store(db_path, keyring_backend=no_keychain, passphrase_provider=lambda _: "x")


def test_fail_and_null_backends_are_not_keychains(keychain: Any) -> None:
    from keyring.backends import fail, null

    assert keychain_available(keychain)
    assert not keychain_available(fail.Keyring())
    assert not keychain_available(null.Keyring())


def test_without_keychain_a_passphrase_protects_the_store(db_path: Path, no_keychain: Any) -> None:
    asked: list[bool] = []

    def provider(confirm: bool) -> str:
        asked.append(confirm)
        return "tr0ub4dor&3"

    with open_store(db_path, passphrase_provider=provider) as store:
        store.add_contact("Laura Chen")
    assert protection_method(db_path) == "passphrase"
    assert asked == [True]  # a new passphrase is confirmed
    with open_store(db_path, passphrase_provider=provider) as store:
        assert store.contact_count() == 1
    assert asked == [True, False]
    assert b"tr0ub4dor" not in _files_bytes(db_path.parent)


def test_without_keychain_or_passphrase_nothing_is_created(db_path: Path, no_keychain: Any) -> None:
    with pytest.raises(KeyUnavailable, match="passphrase"):
        open_store(db_path)
    assert not db_path.exists()  # never an unencrypted fallback


def test_reading_before_anything_is_stored_creates_nothing(db_path: Path) -> None:
    with pytest.raises(StoreMissing):
        open_store(db_path, create=False)
    assert not db_path.parent.exists() or not any(db_path.parent.iterdir())


def test_a_locked_keychain_is_reported_and_data_kept(
    db_path: Path, keychain: Any, keychain_password: bytes
) -> None:
    import secretstorage

    with open_store(db_path, keyring_backend=keychain) as store:
        store.add_contact("Laura Chen")
    before = db_path.read_bytes()
    with secretstorage.dbus_init() as bus:
        collection = secretstorage.get_default_collection(bus)
        collection.lock()
        try:
            with pytest.raises(KeyUnavailable, match="unlock the keychain"):
                open_store(db_path, keyring_backend=keychain)
        finally:
            # gnome-keyring unlocks only through a prompt; on this headless bus the
            # way back is the daemon's own unlock with the login password.
            _unlock(bus, collection, keychain_password)
    assert db_path.read_bytes() == before
    with open_store(db_path, keyring_backend=keychain) as store:
        assert store.contact_count() == 1


def _unlock(bus: Any, collection: Any, password: bytes) -> None:
    """Unlock without a GUI prompt, through gnome-keyring's own (non-standard) interface."""
    from secretstorage.util import SS_PATH, DBusAddressWrapper, format_secret, open_session

    session = open_session(bus)
    internal = DBusAddressWrapper(
        SS_PATH, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface", bus
    )
    internal.call(
        "UnlockWithMasterPassword",
        "o(oayays)",
        collection.collection_path,
        format_secret(session, password, "text/plain"),
    )
    assert not collection.is_locked()
