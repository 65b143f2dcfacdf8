"""Database leases: at most one scheduler process runs a given job at a time, on any host."""

from datetime import datetime, timedelta

from sqlalchemy import Column, String, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from backend.db import Database


class JobLease(SQLModel, table=True):
    __tablename__ = "job_lease"

    name: str = Field(sa_column=Column(String(80), primary_key=True))
    holder: str = Field(max_length=120)
    expires_at: datetime


def acquire(*, database: Database, name: str, holder: str, seconds: int, now: datetime) -> bool:
    """Take or renew the lease on `name`; False while another holder's lease is still valid."""
    until = now + timedelta(seconds=seconds)
    with database.scope() as session:
        taken = session.execute(
            update(JobLease)
            .where(JobLease.name == name)
            .where((JobLease.expires_at <= now) | (JobLease.holder == holder))
            .values(holder=holder, expires_at=until)
        ).rowcount
        if taken:
            session.commit()
            return True
        if session.get(JobLease, name) is not None:
            return False
        session.add(JobLease(name=name, holder=holder, expires_at=until))
        try:
            session.commit()
        except IntegrityError:
            return False
    return True


def release(*, database: Database, name: str, holder: str, now: datetime) -> None:
    """Give the lease up early so another process need not wait for it to expire."""
    with database.scope() as session:
        session.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.holder == holder)
            .values(expires_at=now)
        )
        session.commit()
