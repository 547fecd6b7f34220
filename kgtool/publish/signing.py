"""Signed nanopublications with trusty URIs, made offline by the ``nanopub`` library.

Each nanopublication of the ``nanopub`` profile is signed with the user's RSA key (nanopub's
RSA/SHA-256 signature in its publication info) and renamed to its trusty URI
(``.../np/<claim>/RA...``), which the nanopublication network requires. Nothing is sent
anywhere: publishing is the user's own step. ``nanopub`` is an optional dependency
(``kgtool[nanopub]``), imported only when signing.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import warnings
from pathlib import Path

import pyoxigraph as ox

from kgtool.errors import InputError, UsageError

#: The smallest RSA key signed with: shorter ones are factored (NIST SP 800-57 retired them).
MIN_KEY_BITS = 2048


def _require_nanopub() -> None:
    try:
        import nanopub  # noqa: F401
    except ImportError:
        raise UsageError(
            "signing nanopublications needs the nanopub package",
            "install kgtool[nanopub]",
            options=("sign_key",),
        ) from None


def read_key(path: str) -> str:
    """The RSA private key in ``path`` (PEM, or the bare base64 nanopub keeps in
    ~/.nanopub/id_rsa), in the form nanopub signs with."""
    _require_nanopub()
    from Crypto.PublicKey import RSA
    from nanopub.profile import format_key

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(
            f"{path}: cannot read the signing key: {e.strerror or e}",
            "give the file of an RSA private key",
            options=("sign_key",),
        ) from None
    try:
        key = RSA.import_key(
            data
            if data.lstrip().startswith(b"-----")
            else base64.b64decode(b"".join(data.split()), validate=True)
        )
    except (ValueError, IndexError, TypeError, binascii.Error):
        raise InputError(
            f"{path}: not an RSA key (PEM, or nanopub's base64 id_rsa)",
            "give the file of an RSA private key",
            options=("sign_key",),
        ) from None
    if not key.has_private():
        raise InputError(
            f"{path}: a public key cannot sign", "give the private key of the pair", options=("sign_key",)
        )
    if key.size_in_bits() < MIN_KEY_BITS:
        raise InputError(
            f"{path}: a {key.size_in_bits()}-bit RSA key is too short to sign with",
            f"give a key of {MIN_KEY_BITS} bits or more",
            options=("sign_key",),
        )
    return format_key(key.export_key("PEM", pkcs=8).decode("ascii"))


def exposed(path: str) -> str | None:
    """What is wrong with who may read the key file ``path``, or None: a private key that other
    users can read may be theirs to sign with too."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:  # read_key says why
        return None
    if os.name != "posix" or not mode & (stat.S_IRGRP | stat.S_IROTH):
        return None
    shown = f"{stat.S_IMODE(mode):o}"
    return f"{path}: other users can read this private key (mode {shown}); make it yours only (600)"


def sign(nanopubs: list[list[ox.Quad]], key: str) -> list[ox.Quad]:
    """Each nanopublication (its quads, named ``<np>/head`` etc. so that nanopub renames them
    under the trusty URI) signed with ``key`` from :func:`read_key`."""
    _require_nanopub()
    import rdflib
    from nanopub import Nanopub, NanopubConf, Profile

    conf = NanopubConf(profile=Profile(orcid_id="", name="", private_key=key))
    signed: list[ox.Quad] = []
    for quads in nanopubs:
        with warnings.catch_warnings():  # nanopub 2 reads graph names as ConjunctiveGraph gives
            warnings.simplefilter("ignore", DeprecationWarning)  # them, rdflib deprecates it
            graph = rdflib.ConjunctiveGraph()
        graph.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
        publication = Nanopub(rdf=graph, conf=conf)
        publication.sign()
        signed += ox.parse(publication.rdf.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS)
    return signed
