"""Every router the app serves, pages and JSON API alike."""

from backend.accounts import api as accounts_api
from backend.accounts import pages as accounts_pages
from backend.analysis import api as analysis_api
from backend.analysis import pages as analysis_pages
from backend.commendations import api as commendations_api
from backend.commendations import list_api as commendation_list_api
from backend.commendations import list_pages as commendation_list_pages
from backend.commendations import manage_pages as commendations_manage_pages
from backend.commendations import pages as commendations_pages
from backend.commendations import sources_api as commendation_sources_api
from backend.commendations import sources_pages as commendation_sources_pages
from backend.contestants import api as contestants_api
from backend.contestants import attempts_api, quiz_pages
from backend.contestants import pages as contestants_pages
from backend.contests import api as contests_api
from backend.contests import manage_api as contests_manage_api
from backend.contests import manage_pages as contests_manage_pages
from backend.downloads import api as downloads_api
from backend.downloads import pages as downloads_pages
from backend.essays import api as essays_api
from backend.essays import author_pages as essays_author_pages
from backend.essays import intake_api, intake_pages
from backend.essays import pages as essays_pages
from backend.flags import api as flags_api
from backend.flags import pages as flags_pages
from backend.forwarding import api as forwarding_api
from backend.forwarding import pages as forwarding_pages
from backend.home import pages as home_pages
from backend.judging import judge_api, judge_pages
from backend.judging import manage_api as judging_manage_api
from backend.judging import manage_pages as judging_manage_pages
from backend.judging import results_api as writing_results_api
from backend.judging import results_pages as writing_results_pages
from backend.letterhead import api as letterhead_api
from backend.letterhead import pages as letterhead_pages
from backend.movement import api as movement_api
from backend.movement import entry_pages as movement_entry_pages
from backend.movement import intake_api as movement_intake_api
from backend.movement import intake_pages as movement_intake_pages
from backend.movement import pages as movement_pages
from backend.movement import stats_api as movement_stats_api
from backend.movement import stats_pages as movement_stats_pages
from backend.questions import api as questions_api
from backend.questions import pages as questions_pages
from backend.results import board_api, board_pages, rulings_api, rulings_pages
from backend.results import manage_api as results_manage_api
from backend.results import manage_pages as results_manage_pages
from backend.results import rules_pages as results_rules_pages
from backend.tallies import api as tallies_api
from backend.tallies import pages as tallies_pages
from backend.units import api as units_api
from backend.units import pages as units_pages
from backend.writing import api as writing_figures_api
from backend.writing import pages as writing_figures_pages
from backend.writing import setup_api as writing_setup_api
from backend.writing import setup_pages as writing_setup_pages

# Routes are matched in this order: the contest's busiest JSON endpoints come first.
ROUTERS = [
    attempts_api.router,
    contestants_api.router,
    home_pages.router,
    accounts_pages.router,
    units_pages.router,
    accounts_api.router,
    units_api.router,
    questions_pages.router,
    questions_api.router,
    contests_api.router,
    contests_manage_pages.router,
    contests_manage_api.router,
    board_api.router,
    board_pages.router,
    results_manage_pages.router,
    results_rules_pages.router,
    results_manage_api.router,
    contestants_pages.router,
    quiz_pages.router,
    rulings_pages.router,
    rulings_api.router,
    # Item analysis after a round, which leads organisers to the faulty questions above.
    analysis_pages.router,
    analysis_api.router,
    flags_pages.router,
    flags_api.router,
    # Result spreadsheets and the letterhead they carry.
    downloads_pages.router,
    downloads_api.router,
    # Tallies, the dashboard, reported figures and collective prizes.
    tallies_pages.router,
    tallies_api.router,
    letterhead_pages.router,
    letterhead_api.router,
    # The writing competition.
    writing_setup_pages.router,
    writing_setup_api.router,
    # A judged writing level's results: aggregation, lock, ráp phách, severity.
    writing_results_pages.router,
    writing_results_api.router,
    # Writing competition essays: officers' and authors' pages, and the API.
    essays_pages.router,
    essays_author_pages.router,
    essays_api.router,
    # Bulk essay batches of the writing competition.
    intake_pages.router,
    intake_api.router,
    # Blind judging of writing competitions: the judges' pages and the organisers'.
    judge_pages.router,
    judge_api.router,
    judging_manage_pages.router,
    judging_manage_api.router,
    # The writing competition's figures: overview, reported figures, collective prizes, files.
    writing_figures_pages.router,
    writing_figures_api.router,
    # The writing competition: units forwarding essays up a level.
    forwarding_pages.router,
    forwarding_api.router,
    # Commendations: proposals and their nominees, award forms, decisions.
    commendations_pages.router,
    commendations_manage_pages.router,
    commendations_api.router,
    # Commendations: nominees picked from contests, writing competitions and the movement.
    commendation_sources_pages.router,
    commendation_sources_api.router,
    # The "Dân vận khéo" movement: a year's statistics and its yearly report.
    movement_stats_pages.router,
    movement_stats_api.router,
    # The "Dân vận khéo" movement: years, entries and their recognition steps.
    movement_pages.router,
    movement_entry_pages.router,
    movement_api.router,
    # The "Dân vận khéo" movement: entries registered from Excel, and their evidence files.
    movement_intake_pages.router,
    movement_intake_api.router,
    # Commendation lists: a decision's official list and a proposal's, as .xlsx files.
    commendation_list_pages.router,
    commendation_list_api.router,
]
