"""Under the Content-Security-Policy the pages still work in Chromium and the console shows no violation."""

import pytest

from tests.browser.conftest import browser_type_launch_args, console_errors, login  # noqa: F401 (fixtures)
from tests.factories import GrassrootsFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_language_switch_works_from_the_static_script_without_inline_handlers(page, live_server,
                                                                                   console_errors):
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    with page.expect_navigation():
        page.select_option("#language-form select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("#language-form select[name=language]", "vi")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert console_errors == []


def test_the_admin_change_list_and_its_scripts_run_under_the_policy(page, live_server, login, admin_user,
                                                                    staff_nghe_an, console_errors):
    GrassrootsFactory(parent=staff_nghe_an.scope.organization, name="Đảng bộ xã Mường Phăng")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    login("admin")
    page.goto(f"{live_server.url}/admin/organizations/partyorganization/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list").is_visible()
    # The admin's own JavaScript (select-all checkbox) ran: CSP did not block it.
    page.check("#action-toggle")
    assert page.locator("input.action-select").first.is_checked()
    # Django's admin pages link no icon, so Chromium asks for /favicon.ico (404): not a policy matter.
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    assert [error for error in console_errors if "404" not in error] == []
