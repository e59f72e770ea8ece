#!/usr/bin/env python3
"""Checks SpotCheck packages against a BagIt profile with tools that are not ours.

    python3 Tests/checker/profilecheck.py archive/bagit-profile.json PACKAGE.zip...

For each package: the serialization (Serialization, Accept-Serialization) with bagit_profile on the
zip's path; the zip itself (a zip, one root folder, no absolute, `..`, linked or encrypted entries),
extracted to a temporary folder; the profile (bag-info, manifests, tag files, fetch.txt, BagIt
version) with bagit_profile; the bag (RFC 8493: payload digests, Payload-Oxum, tag manifest) with
bagit. The profile is read from the local file, never fetched: bagit_profile matches each bag's
`BagIt-Profile-Identifier` against the URI it is given, so the URI passed is the profile's own
BagIt-Profile-Info/BagIt-Profile-Identifier.
One line per package, `OK NAME` or `FAIL NAME: reasons`. Exit status: 0 every package passes, 1 some
package fails, 2 usage error.
Not checked here (`spotcheck archive verify` does): dossier.xml against archive/dossier.xsd, events.xml,
the Ed25519 signature over the tag manifest, manifest-sm3.txt, 件号 continuity, the DA/T 70 checks.
"""
import json
import logging
import mimetypes
import os
import shutil
import stat
import sys
import tempfile
import zipfile

import bagit
import bagit_profile

# bagit_profile and bagit log every problem to the root logger; the reasons are printed here instead.
logging.getLogger().addHandler(logging.NullHandler())
logging.getLogger().setLevel(logging.CRITICAL + 1)


def load_profile(path):
    """The profile from a local file; its own identifier is the URI bags must declare."""
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    identifier = document.get("BagIt-Profile-Info", {}).get("BagIt-Profile-Identifier")
    if not identifier:
        raise ValueError("%s: BagIt-Profile-Info has no BagIt-Profile-Identifier" % path)
    # Passing the document keeps bagit_profile from fetching the URI (urlopen, then sys.exit on failure).
    return bagit_profile.Profile(identifier, profile=document)


def unsafe(info):
    """Why a zip entry may not be extracted, or None."""
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute name %r" % name
    if ".." in parts:
        return "name with .. %r" % name
    if "\\" in name:
        return "backslash in name %r" % name
    if "\x00" in name:
        return "NUL in name %r" % name
    if info.flag_bits & 0x1:
        return "encrypted entry %r" % name
    kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "not a regular file or folder (link, device...) %r" % name
    return None


def extract(zip_path, into):
    """Extracts the zip safely into `into`; returns (bag root folder or None, reasons)."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as e:
        return None, ["not a readable zip: %s" % e]
    reasons = []
    with archive:
        infos = archive.infolist()
        for info in infos:
            why = unsafe(info)
            if why:
                reasons.append(why)
        if reasons:
            return None, reasons
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            return None, ["duplicate entry names"]
        roots = {n.split("/", 1)[0] for n in names}
        loose = [n for n in names if "/" not in n]
        if len(roots) != 1 or loose:
            return None, ["not one root folder: %s" % ", ".join(sorted(roots))]
        base = os.path.realpath(into)
        for info in infos:
            target = os.path.realpath(os.path.join(base, *info.filename.split("/")))
            if not target.startswith(base + os.sep):
                return None, ["entry outside the folder %r" % info.filename]
            if info.is_dir():
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                with archive.open(info) as source, open(target, "xb") as sink:
                    shutil.copyfileobj(source, sink)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as e:
                return None, ["cannot extract %r: %s" % (info.filename, e)]
        return os.path.join(base, roots.pop()), []


def message(error, prefixes):
    text = getattr(error, "value", None) or str(error)
    text = text.replace(" Set 'ignore_baginfo_tag_case' to True if you wish to ignore tag case.", "")
    for prefix in prefixes:
        text = text.replace(prefix, "")
    return text


def check(profile, path):
    """The reasons `path` does not conform, empty when it does."""
    reasons = []
    # 1. Serialization, on the path as given (the library looks at the name's MIME type only).
    try:
        profile.validate_serialization(path)
    except bagit_profile.ProfileValidationError as e:
        if os.path.isfile(path):
            # The library's message for a file of the wrong type says "serialization is forbidden".
            kind = mimetypes.guess_type(os.path.basename(path))[0]
            reasons.append("serialization: %s is not one of Accept-Serialization %s"
                           % (kind or "an unknown type", profile.profile.get("Accept-Serialization", [])))
        else:
            reasons.append("serialization: %s" % message(e, [os.path.dirname(os.path.normpath(path)) + os.sep]))
    except IOError as e:
        return ["%s" % e]
    work = tempfile.mkdtemp(prefix="profilecheck-")
    try:
        if os.path.isdir(path):
            root = path
        else:
            root, why = extract(path, work)
            if root is None:
                return reasons + why
        strip = [os.path.dirname(root) + os.sep, os.path.realpath(os.path.dirname(root)) + os.sep]
        try:
            bag = bagit.Bag(root)
        except bagit.BagError as e:
            return reasons + ["not a bag: %s" % message(e, strip)]
        # 2. The profile.
        if not profile.validate(bag):
            reasons += ["profile: %s" % message(e, strip) for e in profile.report.errors]
        # 3. The bag itself (RFC 8493): every manifest entry, Payload-Oxum, nothing unlisted in data/.
        try:
            bag.validate(processes=1)
        except bagit.BagValidationError as e:
            reasons.append("bagit: %s" % message(e, strip))
        except bagit.BagError as e:
            reasons.append("bagit: %s" % message(e, strip))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return reasons


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print("usage: python3 profilecheck.py PROFILE.json PACKAGE.zip...", file=sys.stderr)
        return 2
    try:
        profile = load_profile(argv[1])
    except (OSError, ValueError, bagit_profile.ProfileValidationError) as e:
        print("profilecheck: %s" % message(e, []), file=sys.stderr)
        return 2
    failed = False
    for path in argv[2:]:
        name = os.path.basename(os.path.normpath(path))
        reasons = check(profile, path) if os.path.exists(path) else ["no such file"]
        if reasons:
            failed = True
            print("FAIL %s: %s" % (name, "; ".join(r.replace("\n", " ") for r in reasons)))
        else:
            print("OK %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
