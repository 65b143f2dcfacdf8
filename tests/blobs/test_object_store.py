"""Stored files in an S3-compatible object store: moto's S3 server, started here on
127.0.0.1 at a free port, stands in for it."""

import hashlib
import io

import pytest
from sqlalchemy import func, select

from backend.blobs import objectstore
from backend.blobs.models import BlobPlace, StoredBlob
from backend.blobs.service import put_blob, read_blob
from backend.config import Settings
from tests.factories import make_settings

moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed (the `test` extra brings it): the "
    "object store's tests need its S3 server")

BUCKET = "thidua-bai-du-thi"
ESSAY = "Bài dự thi lưu ở kho đối tượng.\n".encode() * 5000  # several upload parts' worth


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_endpoint, database_url, tmp_path) -> Settings:
    settings = make_settings(
        database_url, tmp_path, blob_store="object_store", s3_endpoint_url=s3_endpoint,
        s3_bucket=BUCKET, s3_access_key_id="thu-nghiem", s3_secret_access_key="bi-mat",
        s3_region="us-east-1")
    objectstore.client(settings).create_bucket(Bucket=BUCKET)
    return settings


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_bytes_go_to_the_bucket_under_their_hash_and_the_row_holds_none(session, s3_settings):
    stored = put_blob(session=session, content=io.BytesIO(ESSAY), sha256=digest(ESSAY),
                      size=len(ESSAY), settings=s3_settings)
    session.commit()

    row = session.execute(select(StoredBlob.place, StoredBlob.content, StoredBlob.size)).one()
    assert stored.place is BlobPlace.OBJECT_STORE
    assert tuple(row) == (BlobPlace.OBJECT_STORE, None, len(ESSAY))
    kept = objectstore.client(s3_settings).get_object(Bucket=BUCKET, Key=digest(ESSAY))
    assert kept["Body"].read() == ESSAY
    assert read_blob(session=session, sha256=digest(ESSAY), settings=s3_settings) == ESSAY


def test_the_same_bytes_are_kept_once_in_the_object_store(session, s3_settings):
    for _ in range(2):
        put_blob(session=session, content=ESSAY, sha256=digest(ESSAY), size=len(ESSAY),
                 settings=s3_settings)
        session.commit()

    keys = objectstore.client(s3_settings).list_objects_v2(Bucket=BUCKET)["Contents"]
    assert [k["Key"] for k in keys] == [digest(ESSAY)]
    assert session.scalar(select(func.count()).select_from(StoredBlob)) == 1


def test_files_stored_in_the_database_are_still_read_after_moving_to_the_object_store(
        session, settings, s3_settings):
    before = b"Bai luu truoc khi doi noi luu"
    put_blob(session=session, content=before, sha256=digest(before), size=len(before),
             settings=settings)
    session.commit()

    assert read_blob(session=session, sha256=digest(before), settings=s3_settings) == before


def test_an_object_store_without_a_bucket_is_refused_at_startup(database_url, tmp_path):
    with pytest.raises(ValueError, match="THIDUA_BLOB_STORE=object_store cần THIDUA_S3_BUCKET"):
        make_settings(database_url, tmp_path, blob_store="object_store")


def test_an_object_store_without_boto3_is_refused_at_startup(database_url, tmp_path,
                                                             monkeypatch):
    monkeypatch.setattr("backend.config.find_spec", lambda name: None)

    with pytest.raises(ValueError, match="cần thư viện boto3, chưa được cài"):
        make_settings(database_url, tmp_path, blob_store="object_store", s3_bucket=BUCKET)
