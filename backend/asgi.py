"""The ASGI application the server imports (`uvicorn backend.asgi:app`)."""

from backend.app import create_app

app = create_app()
