"""The S3-compatible object store, through boto3, imported only when it is configured."""

from collections.abc import Iterator
from functools import lru_cache
from typing import BinaryIO

from backend.config import Settings

CHUNK = 256 * 1024


def _client_key(settings: Settings) -> tuple:
    secret = settings.s3_secret_access_key
    return (settings.s3_endpoint_url, settings.s3_region, settings.s3_access_key_id,
            secret.get_secret_value() if secret else None)


@lru_cache(maxsize=4)
def _client(endpoint_url, region, access_key_id, secret_access_key):
    # A boto3 client is thread-safe and costly to build: one per configuration and process.
    import boto3  # the `s3` extra: optional
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url, region_name=region,
        aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key,
        # Addressing by path works with MinIO and other S3-compatible servers as with AWS.
        config=Config(s3={"addressing_style": "path"}, retries={"mode": "standard"}))


def client(settings: Settings):
    return _client(*_client_key(settings))


def upload(*, settings: Settings, key: str, content: BinaryIO) -> None:
    """Send `content` (read from where it stands, in parts) under `key`."""
    client(settings).upload_fileobj(content, settings.s3_bucket, key)


def chunks(*, settings: Settings, key: str) -> Iterator[bytes]:
    """The object's bytes, a part at a time."""
    body = client(settings).get_object(Bucket=settings.s3_bucket, Key=key)["Body"]
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()
