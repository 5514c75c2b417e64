"""Sign-in with WeChat appears only when its keys are configured (tested without the real service:
the provider is installed, registered and configured with the app id, and its sign-in address
resolves)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.urls import reverse
from allauth.socialaccount.providers import registry
from allauth.socialaccount.providers.weixin.views import WeixinOAuth2Adapter
print(json.dumps({
    "installed": "allauth.socialaccount.providers.weixin" in settings.INSTALLED_APPS,
    "login_url": reverse("weixin_login"),
    "token_url": WeixinOAuth2Adapter.access_token_url,
    "registered": registry.get_class("weixin").id,
    "app": settings.SOCIALACCOUNT_PROVIDERS["weixin"]["APPS"][0]["client_id"],
}))
"""


def test_weixin_sign_in_is_offered_when_its_keys_are_set():
    environment = {**os.environ, "WEIXIN_APP_ID": "wx-test-app", "WEIXIN_APP_SECRET": "secret",
                   "DJANGO_SETTINGS_MODULE": "ngo20.settings_test"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True,
                            cwd=Path(settings.BASE_DIR), timeout=120, check=True)
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["installed"] is True
    assert probe["login_url"].endswith("/accounts/weixin/login/")
    assert probe["registered"] == "weixin"
    assert probe["token_url"].startswith("https://api.weixin.qq.com/")
    assert probe["app"] == "wx-test-app"


def test_without_keys_there_is_no_weixin_sign_in(client):
    assert "allauth.socialaccount" not in settings.INSTALLED_APPS
    assert "weixin" not in client.get("/en/accounts/login/").content.decode().lower()
