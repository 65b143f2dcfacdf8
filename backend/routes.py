"""Every router the app serves, pages and JSON API alike."""

from backend.accounts import api as accounts_api
from backend.accounts import pages as accounts_pages
from backend.home import pages as home_pages
from backend.units import api as units_api
from backend.units import pages as units_pages

ROUTERS = [
    home_pages.router,
    accounts_pages.router,
    units_pages.router,
    accounts_api.router,
    units_api.router,
]
