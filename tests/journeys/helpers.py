"""Steps shared by the browser journeys."""

from urllib.parse import urlsplit

from tests.orgs.factories import PASSWORD


def log_in(page, live_server, user, next_path):
    """Sign in through the real form and wait until the browser is on `next_path`."""
    page.goto(f"{live_server.url}/en/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator("button[type=submit]").click()
    # On the path, not a glob: the login page's own URL ends with ?next=<next_path> and would match.
    page.wait_for_url(lambda url: urlsplit(url).path == next_path)
