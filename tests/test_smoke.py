from tests.factories import small_tree


def test_home_answers_in_vietnamese(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Cán bộ, ban tổ chức đăng nhập" in page.text


def test_tree_import(session):
    units = small_tree(session)
    assert units["Q1-BN"].path == f"/{units['HCM'].id}/{units['Q1'].id}/{units['Q1-BN'].id}/"
    assert units["Q1-BN"].block_id == units["Q1"].block_id is not None
