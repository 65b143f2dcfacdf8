"""Two people forwarding for the same unit at the same moment, in real threads against the
database: the batch row is locked, so one selection follows the other and the quota holds."""

import threading

from backend.forwarding import queries, service


def test_two_selections_at_once_for_one_unit_never_exceed_the_quota(scene, database):
    ids = scene.ids("Q1")
    picks = [ids[:3], ids[3:]]  # each within the quota of 3, together 5
    unit_id, level_id, at = scene.tree["Q1"].id, scene.city.id, scene.at
    scene.session.commit()

    for _ in range(4):  # the first round also races to create the batch
        barrier, failures = threading.Barrier(2), []

        def forward(essay_ids, barrier=barrier, failures=failures):
            with database.scope() as session:
                barrier.wait()
                try:
                    service.forward_essays(session=session, level_id=level_id,
                                           unit_id=unit_id, essay_ids=essay_ids, actor=None,
                                           now=at)
                except Exception as error:  # any failure fails the test below
                    failures.append(error)

        threads = [threading.Thread(target=forward, args=(p,)) for p in picks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        with database.scope(write=False) as fresh:
            batch = queries.batch_of(session=fresh, level_id=level_id, unit_id=unit_id)
            chosen = queries.selected_ids(session=fresh, batch=batch)
        assert failures == []
        assert chosen in ({*picks[0]}, {*picks[1]})
