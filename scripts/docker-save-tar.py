#!/usr/bin/env python3
"""Packs a root filesystem as a one-layer image in `docker save` layout (manifest.json, the image
config, the layer), reproducibly: sorted entries, fixed times and owners (root, except /home/nonroot).

    docker-save-tar.py <rootfs> <out.tar> <repo:tag> <java version>
"""
import hashlib
import io
import json
import os
import sys
import tarfile

rootfs, output, tag, java_version = sys.argv[1:5]
EPOCH = 0


def layer_bytes():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as layer:
        for directory, dirs, files in os.walk(rootfs):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                path = os.path.join(directory, name)
                info = layer.gettarinfo(path, arcname=os.path.relpath(path, rootfs))
                info.mtime = EPOCH
                owned = info.name.startswith("home/nonroot")
                info.uid = info.gid = 65532 if owned else 0
                info.uname = info.gname = "nonroot" if owned else "root"
                if info.isfile():
                    with open(path, "rb") as content:
                        layer.addfile(info, content)
                else:
                    layer.addfile(info)
    return buffer.getvalue()


layer = layer_bytes()
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "created": "1970-01-01T00:00:00Z",
    "config": {
        "Env": [
            "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "JAVA_HOME=/opt/java/openjdk",
            "JAVA_VERSION=" + java_version,
            "LANG=C.UTF-8",
        ],
        "User": "65532:65532",
        "WorkingDir": "/home/nonroot",
        "Labels": {"org.opencontainers.image.description":
                   "Concord offline base: jlink-ed Java " + java_version + " on Debian bookworm's libc"},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "scripts/offline-base-image.sh"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
layer_name = diff_id[len("sha256:"):] + "/layer.tar"
manifest = json.dumps([{"Config": config_name, "RepoTags": [tag], "Layers": [layer_name]}]).encode()

with tarfile.open(output, mode="w") as image:
    for name, data in ((config_name, config_bytes), (layer_name, layer), ("manifest.json", manifest)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = EPOCH
        image.addfile(info, io.BytesIO(data))
