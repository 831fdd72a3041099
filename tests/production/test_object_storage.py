"""Issue 15, items 1, 2 and 5 with the documents in an S3-compatible store, as deploy/compose.yaml
has them in MinIO: here moto's S3 server on 127.0.0.1, spoken to by django-storages and boto3
as to MinIO. A seeded installation's documents go to one bucket; `ombud backup` reads them from
there and `ombud restore` writes them into another, byte for byte, where `ombud audit verify`
passes; /readyz says whether the bucket can be reached."""

from __future__ import annotations

import json

import boto3
import pytest
from moto.server import ThreadedMotoServer
from processes import (
    OMBUD,
    PYTHON,
    Started,
    environment,
    fetch,
    free_port,
    keygen,
    run,
    wait_until,
)

from tests.migrated import migrated_copy

KEYS = {"access_key": "ombud", "secret_key": "store-secret-of-the-test",
        "region_name": "us-east-1"}


@pytest.fixture
def s3():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEYS["access_key"],
                          aws_secret_access_key=KEYS["secret_key"],
                          region_name=KEYS["region_name"])
    yield endpoint, client
    server.stop()


def _storage(endpoint: str, bucket: str) -> dict[str, str]:
    return {"OMBUD_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "OMBUD_STORAGE_OPTIONS": json.dumps({
                "bucket_name": bucket, "endpoint_url": endpoint, "default_acl": "private",
                "file_overwrite": False, **KEYS})}


def _objects(client, bucket: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listed}


def test_backup_and_restore_move_the_documents_between_s3_buckets(tmp_path, databases, s3):
    endpoint, client = s3
    for bucket in ("original", "restored"):
        client.create_bucket(Bucket=bucket)
    key = tmp_path / "seal-key.pem"
    original = environment(tmp_path / "original", databases.new("original"),
                           OMBUD_SEAL_KEY=str(key), **_storage(endpoint, "original"))
    keygen(key)
    migrated_copy(original["OMBUD_DATABASE_URL"])
    for step in ([PYTHON, "tests/production/seed_small.py", "1"],
                 [OMBUD, "backup", str(tmp_path / "backup")]):
        done = run(step, original, timeout=600)
        assert done.returncode == 0, done.stderr
    stored = _objects(client, "original")
    assert any(name.startswith("cases/") for name in stored)
    assert not (tmp_path / "original" / "files").exists()  # nothing went to the local folder

    restored = environment(tmp_path / "restored", databases.new("restored"),
                           OMBUD_SEAL_KEY=str(key), **_storage(endpoint, "restored"))
    done = run([OMBUD, "restore", str(tmp_path / "backup")], restored)
    assert done.returncode == 0, done.stdout + done.stderr
    verified = run([OMBUD, "audit", "verify"], restored)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert _objects(client, "restored") == stored


def test_readyz_reaches_the_bucket_and_says_503_without_it(installation, tmp_path, s3):
    endpoint, client = s3
    client.create_bucket(Bucket="documents")
    env, _ = installation
    results = {}
    for bucket in ("documents", "no-such-bucket"):
        port = free_port()
        server = Started([OMBUD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                         dict(env, **_storage(endpoint, bucket)), tmp_path / f"{bucket}.log")
        try:
            wait_until(lambda p=port: fetch(f"http://127.0.0.1:{p}/healthz", timeout=2)[0]
                       == 200, 60, f"the server\n{server.output()}")
            status, _, body = fetch(f"http://127.0.0.1:{port}/readyz")
            results[bucket] = status, json.loads(body)
        finally:
            server.terminate()
    assert results["documents"] == (200, {"status": "ok", "database": "ok", "storage": "ok"})
    assert results["no-such-bucket"] == (503, {"status": "unavailable", "database": "ok",
                                               "storage": "failed"})
