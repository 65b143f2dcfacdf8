"""Database leases: at most one scheduler process runs a given job at a time, on any host."""

import time
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


def drain(*, database: Database, pending, run, seconds: float, clock) -> int:
    """Run waiting jobs one after another for up to `seconds` (a job started goes on to its
    end): `pending(session=, now=)` lists their ids, `run(job_id)` takes one and says whether
    it finished here (another worker may take some first). Returns how many finished here."""
    finished, tried, until = 0, set(), time.monotonic() + seconds
    while time.monotonic() < until:
        with database.scope(write=False) as session:
            ids = [i for i in pending(session=session, now=clock()) if i not in tried]
        if not ids:
            break
        tried.add(ids[0])
        finished += bool(run(ids[0]))
    return finished
