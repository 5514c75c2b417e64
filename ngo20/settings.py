"""Settings for the NGO 2.0 platform, read from the environment.

DEBUG is off unless the environment says DEBUG=true, so a server started without
configuration is a production one: the secrets have no default and the site refuses
to start without them. `make run` and `make setup` turn DEBUG on for development
(local PostGIS and Redis, emails written to files); the tests use ngo20/settings_test.py.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

from ngo20.storage import media_storage, private_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless asked for: scripts/run.sh (make run) and scripts/setup.sh set DEBUG=true on a developer machine.
DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    # Only ever used on a developer's machine: production (DEBUG=False) has no default.
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-deploy")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Origins trusted for CSRF when the site sits behind a TLS proxy, e.g. https://ngo20.example.org
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "csp",
    # Project apps, bottom to top: an app imports only apps above it in this list.
    "common",  # domain-free pieces: charts, exports, validators, email sending, rate limits
    "orgs",
    "surveys",
    "mapplatform",
    "trainings",
    "evaluation",
    "ngo20",  # project-wide management commands (demo data across apps)
    "bench",  # benchmark data generator and runner (bench/, docs/performance.md)
]

# Sign-in with WeChat (微信开放平台 website application) through allauth's Weixin provider, offered
# on the sign-in page only when its keys are set. Run migrate after setting them (socialaccount tables).
WEIXIN_APP_ID = env("WEIXIN_APP_ID", default="")
WEIXIN_APP_SECRET = env("WEIXIN_APP_SECRET", default="")
if WEIXIN_APP_ID and WEIXIN_APP_SECRET:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.socialaccount")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.socialaccount") + 1, "allauth.socialaccount.providers.weixin")
    SOCIALACCOUNT_PROVIDERS = {
        "weixin": {
            "APPS": [{"client_id": WEIXIN_APP_ID, "secret": WEIXIN_APP_SECRET}],
            "SCOPE": ["snsapi_login"],  # the QR-code sign-in of a website application
        }
    }

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.RejectNulBytesMiddleware",
    # Outermost after security: sees every cookie the others set before choosing public or private.
    "ngo20.middleware.CacheHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag on GET answers, 304 when unchanged
    "ngo20.db.ReplicaMiddleware",  # reads from the replica unless this browser wrote just now
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ngo20.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "orgs.middleware.PolicyConsentMiddleware",  # writes wait for consent to the policies in force (PIPL)
    "simple_history.middleware.HistoryRequestMiddleware",
    "ngo20.middleware.SiteNotFoundPageMiddleware",
    "common.middleware.NoStoreMiddleware",
    "common.middleware.ServiceErrorsMiddleware",
]
# With DEBUG on, missing pages still show the site's 404 page; true brings Django's debug page back.
DEBUG_404 = env.bool("DEBUG_404", default=False)

ROOT_URLCONF = "ngo20.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ngo20.context_processors.map_tiles",
                "ngo20.context_processors.site_filing",
            ],
        },
    },
    {
        # Plain-text emails (common.emails.render_email): no HTML escaping, so 妇女&儿童 stays as written.
        "NAME": "email",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

WSGI_APPLICATION = "ngo20.wsgi.application"

# Database: PostGIS. For a Unix socket leave the host out of DATABASE_URL and set PGHOST/PGPORT
# (django-environ does not decode a %2F socket path).
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default="postgis://ngo20:ngo20@127.0.0.1:5432/ngo20",
        engine="django.contrib.gis.db.backends.postgis",
    )
}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT and no parallel workers on the platform's connections. A page's queries run in
# milliseconds: a plan the planner costs high (a search walking an index it expects to read whole)
# spent ~40 ms compiling, and starting two workers for a scan that stops after 201 rows ~10 ms,
# while under load the workers only take the cores other requests wait for. The jobs' statements
# write (INSERT … SELECT), which PostgreSQL 15 never runs in parallel, and turn JIT off themselves.
# Behind PgBouncer (which refuses startup options) set it empty and give the role the settings
# instead: ALTER ROLE ngo20 SET jit = off; ALTER ROLE ngo20 SET max_parallel_workers_per_gather = 0.
DATABASE_SESSION_OPTIONS = env("DATABASE_SESSION_OPTIONS", default="-c jit=off -c max_parallel_workers_per_gather=0")
if DATABASE_SESSION_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = DATABASE_SESSION_OPTIONS
if test_name := env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": test_name}
# A PostgreSQL streaming replica (optional): public pages and the map read from it (ngo20/db.py).
if replica_url := env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(replica_url, engine="django.contrib.gis.db.backends.postgis")
    DATABASES["replica"].update(ENGINE="django.contrib.gis.db.backends.postgis", ATOMIC_REQUESTS=False,
                                CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True,
                                OPTIONS={**DATABASES["replica"].get("OPTIONS", {}),
                                         **({"options": DATABASE_SESSION_OPTIONS} if DATABASE_SESSION_OPTIONS else {})},
                                TEST={"MIRROR": "default"})
DATABASE_ROUTERS = ["ngo20.db.ReplicaRouter"]
# After a write, the browser reads from the primary this long (longer than the replica's lag).
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

# The cache holds allauth's and the site's rate-limit counters, so it must be shared by all
# processes: Redis, never the per-process local-memory cache.
#
# "default" tolerates Redis being down (a cache miss, pages still render, limits on reads fail
# open); "limits" is the same Redis for the services' write limits (common.ratelimits), where an
# error is not swallowed: a write that cannot be counted is refused with a 503.
_REDIS_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="ngo20"),
        "OPTIONS": {**_REDIS_OPTIONS, "IGNORE_EXCEPTIONS": True},
    },
    "limits": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="ngo20"),
        "OPTIONS": _REDIS_OPTIONS,
    },
}
# Log, don't raise, what the default cache swallows.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# How many proxies of ours stand in front of the site (the shipped nginx: 1, set in
# docker-compose.yml). It decides the client address for every limiter (common.net.client_ip):
# with 0 a client-supplied X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
RATELIMIT_IP_META_KEY = "common.net.client_ip"

SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Accounts (django-allauth) -------------------------------------------------------------
ACCOUNT_ADAPTER = "orgs.adapters.AccountAdapter"
# Sign-up asks for consent to the privacy policy and terms in force, and records it (PIPL).
ACCOUNT_SIGNUP_FORM_CLASS = "orgs.forms.SignupConsentForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# No one signs in, edits, posts, rates or applies before proving the address is theirs.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# allauth's defaults, stated so they are visible and tunable: per IP / per key, kept in Redis.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
LOGIN_REDIRECT_URL = "orgs:dashboard"
LOGIN_URL = "account_login"

# --- Email -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="NGO 2.0 <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if DEBUG:
    # Development: every email is a readable file under var/mail/.
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"  # shown in China time; stored in UTC
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_URL_PATH = "/" + STATIC_URL  # for middleware that leaves static files alone
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Spreadsheets uploaded for an organization import wait here between preview and confirmation:
# private (never served), and shared by the web and Celery machines when there are several.
IMPORT_FILES_ROOT = Path(env("IMPORT_FILES_ROOT", default=str(BASE_DIR / "var" / "imports")))
STORAGES = {
    # The local disk, or S3-compatible object storage (OSS, COS, MinIO) with MEDIA_STORAGE=s3:
    # see ngo20/storage.py for the settings.
    "default": media_storage(env),
    # Uploads that stay private until checked (pending disclosures): never under MEDIA_ROOT.
    "private": private_storage(env, MEDIA_ROOT),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve uploads from the app (as safe downloads, common.views.serve_upload) when no nginx does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
# Uploads larger than this are refused before they reach a form (logos are capped lower).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOGO_MAX_BYTES = env.int("LOGO_MAX_BYTES", default=2 * 1024 * 1024)
LOGO_MAX_PIXELS = 4096
# Photos (villages, outcomes, needs and offers): phone photos are 2-8 MB; they are stored resized.
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
PHOTO_MAX_PIXELS = 50_000_000  # width × height; refuses decompression bombs before decoding
PHOTO_DISPLAY_PX = 1600  # longest side of the stored display version
PHOTO_THUMB_PX = 400  # longest side of the thumbnail (lists, map popups)

# --- Map -------------------------------------------------------------------------------------
# Every map's default base is drawn from local data (province and prefecture outlines, the 南海
# inset): it needs no tile server, so maps work in mainland China and offline. Tile layers are
# options a deployer turns on with MAP_TILE_LAYERS; points are stored in WGS-84, and a layer marked
# gcj02 (AMap/Gaode) gets points shifted to GCJ-02 for display and clicks shifted back.
TIANDITU_KEY = env("TIANDITU_KEY", default="")  # 天地图 browser key; needed for the Tianditu layers
# Filing numbers a site in mainland China shows in its footer; hidden when empty.
ICP_FILING_NUMBER = env("ICP_FILING_NUMBER", default="")  # ICP备案号, e.g. 京ICP备12345678号-1
PUBLIC_SECURITY_FILING_NUMBER = env("PUBLIC_SECURITY_FILING_NUMBER", default="")  # 公安备案号, e.g. 京公网安备11010502030000号
# The map approval number (审图号) of the local outline data; empty shows "示意图，非标准地图".
MAP_OUTLINE_APPROVAL_NUMBER = env("MAP_OUTLINE_APPROVAL_NUMBER", default="")
_TILE_LAYERS = {
    "tianditu": {
        "key": "tianditu",
        "name": "天地图 Tianditu",
        # Vector map and its annotation layer, Web Mercator tiles of CGCS2000 (= WGS-84 at map scale).
        "url": "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
        "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + TIANDITU_KEY,
        "labels": "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva"
        "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + TIANDITU_KEY,
        "options": {"subdomains": "01234567", "attribution": "&copy; 天地图 Tianditu", "maxZoom": 18},
        "gcj02": False,
        "approval": env("MAP_TIANDITU_APPROVAL_NUMBER", default=""),  # as Tianditu publishes it
    },
    "amap": {
        "key": "amap",
        "name": "高德地图 AMap",
        "url": env("MAP_AMAP_TILE_URL", default="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1"
                   "&scale=1&style=8&x={x}&y={y}&z={z}"),
        "options": {"subdomains": "1234", "attribution": "&copy; 高德地图 AutoNavi", "maxZoom": 18},
        "gcj02": True,
        "approval": env("MAP_AMAP_APPROVAL_NUMBER", default=""),  # as AMap publishes it
    },
    "osm": {
        "key": "osm",
        "name": "OpenStreetMap",
        "url": env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "options": {"attribution": "&copy; OpenStreetMap contributors", "maxZoom": 19},
        "gcj02": False,
        "approval": "",
    },
}
# Which tile layers to offer, in order, e.g. "tianditu,amap" in China or "osm" elsewhere; none by default.
MAP_TILE_LAYERS = [key for key in env.list("MAP_TILE_LAYERS", default=[]) if key in _TILE_LAYERS]
if not TIANDITU_KEY and "tianditu" in MAP_TILE_LAYERS:
    MAP_TILE_LAYERS.remove("tianditu")  # its tiles refuse requests without a key
if env.bool("MAP_OFFLINE", default=False):
    MAP_TILE_LAYERS = []  # tests and machines without network: the local base map only
MAP_BASE_LAYERS = [_TILE_LAYERS[key] for key in MAP_TILE_LAYERS]
# "outline" (the local base map, default) or the key of a tile layer to show first.
MAP_DEFAULT_LAYER = env("MAP_DEFAULT_LAYER", default="outline")
if MAP_DEFAULT_LAYER != "outline":
    MAP_BASE_LAYERS.sort(key=lambda layer: layer["key"] != MAP_DEFAULT_LAYER)

# django-leaflet serves Leaflet itself; the pages configure layers from MAP_BASE_LAYERS.
LEAFLET_CONFIG = {"TILES": [], "RESET_VIEW": False}

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The session only: HTTP Basic would skip allauth's login lockout and email verification.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # Anyone reads; writes need a signed-in person with a verified email address, as on the web.
    "DEFAULT_PERMISSION_CLASSES": ["orgs.api.permissions.VerifiedForWrites"],
    "EXCEPTION_HANDLER": "ngo20.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Reads only: the write limits live in the services (RATE_LIMITS), shared with the web.
    # Anonymous reads are per address, and one office or campus shares one address: 50 people
    # panning the map send a few requests a minute each.
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "600/minute"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
if not env.bool("API_THROTTLE", default=True):
    # Load tests and benchmarks only: many requests from one address are the point there.
    REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []

SPECTACULAR_SETTINGS = {
    "TITLE": "NGO 2.0 API",
    "DESCRIPTION": "Read-only access to published organizations of the NGO 2.0 platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator (its badge is an outside request on every visit).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Two choice sets share the field name "kind": name each enum in the schema.
    # Enums as components, then the 4xx answers every operation may give (ngo20/api.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ngo20.api.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "orgs.models.organizations.OrganizationKind",
        "PostKindEnum": "mapplatform.models.posts.PostKind",
    },
}

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a task that dies mid-way is redelivered; tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE = {
    # Daily at 09:00 China time: close finished surveys, remind organizations that have not answered.
    "survey-reminders": {"task": "surveys.tasks.queue_survey_reminders", "schedule": crontab(hour=9, minute=0)},
    # Every minute: recompute organizations whose evidence changed (events of every app).
    "trust-recompute-changed": {"task": "evaluation.tasks.recompute_changed", "schedule": 60.0},
    # Nightly at 02:30: every organization, one set-based statement.
    "trust-recompute-all": {"task": "evaluation.tasks.recompute_all", "schedule": crontab(hour=2, minute=30)},
    # Every minute: queue the tasks that waited in the outbox while the broker was down.
    "flush-outbox": {"task": "common.tasks.flush_outbox", "schedule": 60.0},
    # Every 30 s: the map's cluster pyramid is rebuilt for the layers that changed (a change shows
    # on the low-zoom map within a minute; finer views read the tables directly).
    "map-pyramid-refresh": {"task": "mapplatform.tasks.refresh_map_pyramid", "schedule": 30.0},
    # Daily at 01:00: posts past their date close themselves; owners get an email.
    "close-expired-posts": {"task": "mapplatform.tasks.close_expired_posts", "schedule": crontab(hour=1, minute=0)},
    # Daily at 08:30: each moderator gets one email of what waits in the moderation queues.
    "moderation-digest": {"task": "ngo20.tasks.send_moderation_digest", "schedule": crontab(hour=8, minute=30)},
    # Nightly at 03:15: the open datasets (organizations, open posts) are written again.
    "open-data-publish": {"task": "mapplatform.tasks.publish_open_data", "schedule": crontab(hour=3, minute=15)},
    # Daily at 07:00, and Mondays at 07:15: digests of what is new in the areas people follow.
    "area-digests-daily": {"task": "mapplatform.tasks.send_area_digests", "schedule": crontab(hour=7, minute=0),
                           "args": ("daily",)},
    "area-digests-weekly": {"task": "mapplatform.tasks.send_area_digests",
                            "schedule": crontab(hour=7, minute=15, day_of_week=1), "args": ("weekly",)},
}

# Days an unsubscribe link in an area digest keeps working (signed, so no login is needed).
DIGEST_UNSUBSCRIBE_MAX_AGE = env.int("DIGEST_UNSUBSCRIBE_DAYS", default=60) * 86400

# Seconds a shared cache (nginx, a CDN) may serve an anonymous page or map answer without asking
# again: the longest a change can stay hidden from anonymous visitors.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)

# Serve the naive baseline endpoints under /bench/ (benchmark runs only).
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)

# Seconds between an event (a rating, an approved visit) and the recompute of that organization's
# trust score; events within it are folded into one recompute.
TRUST_RECOMPUTE_DELAY = env.int("TRUST_RECOMPUTE_DELAY", default=30)

# --- Open data, the embeddable map, photos on posts (issue 15) --------------------------------
# The licence of the public datasets under /open-data/: a short name and the address of its text.
OPEN_DATA_LICENCE_NAME = env("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/")
# Where /open-data/ keeps its files in the default storage (local disk or S3).
OPEN_DATA_STORAGE_PREFIX = "open-data"
# Older versions of each dataset kept in storage besides the current one (for a download in flight).
OPEN_DATA_KEEP_VERSIONS = 2
# Rows at most in one directory download (CSV or XLSX) as the visitor filtered it; the page says so.
DIRECTORY_EXPORT_MAX_ROWS = env.int("DIRECTORY_EXPORT_MAX_ROWS", default=5000)
# Sites that may show /embed/map/ in an <iframe>: "*" for any, or a comma-separated list of origins
# (https://partner.org.cn). Every other page of the site refuses to be framed.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])
# Photos on one need or offer, at most (each checked by common.images: PHOTO_MAX_BYTES and so on).
POST_PHOTOS_MAX = env.int("POST_PHOTOS_MAX", default=4)

# --- Site rate limits (beyond allauth's) -------------------------------------------------------
RATE_LIMITS = {
    "organization_create": "5/h",
    "organization_update": "60/h",
    "organization_claim": "10/h",
    "post_create": "20/h",
    "match_propose": "30/h",
    "suggestion_create": "10/h",
    "flag_create": "20/h",
    "rating_save": "30/h",
    "disclosure_save": "30/h",  # disclosures published or corrected by one member
    # Autosave posts once per changed answer; generous, but bounded against scripts.
    "survey_autosave": "600/h",
    "maker_contact": "10/h",  # messages to makers through the platform
    "subscription_create": "30/h",  # following an area (mapplatform.services.subscriptions)
}

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the map and cascade scripts read it for their POSTs
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Load balancers and container probes ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)

# Content-Security-Policy (django-csp): scripts from our own static files only, no
# inline script or handler (data reaches scripts through json_script and data- attributes); map
# tiles from the configured base layers.
def _tile_origins(layers):
    origins = set()
    for layer in layers:
        for url in (layer["url"], layer.get("labels", "")):
            if "://" in url:
                scheme, rest = url.split("://", 1)
                host = rest.split("/", 1)[0]
                origins.add(f"{scheme}://{'*.' + host.split('.', 1)[1] if '{s}' in host else host}")
    return sorted(origins)


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes stay allowed (the admin and Leaflet's popups use a few); they run no code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_tile_origins(MAP_BASE_LAYERS)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SILENCED_SYSTEM_CHECKS = [
    # Debian 12 ships GDAL 3.6.2, older than Django 5.2 prefers; GeoDjango works with it.
    "gis.W001",
]
if not DEBUG and not env.bool("SECURE_HSTS_PRELOAD", default=False):
    # HSTS preload is a one-way commitment for the whole domain; deployers opt in.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Absolute address of the site, for links in emails sent by Celery (no request there).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Password of the demo accounts created by `load_demo_data` (development only).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="ngo20-demo-2026")

# A workshop's certificate (结业证书) needs at least this percentage of its days attended,
# unless the workshop sets its own number of days (100: every day).
TRAININGS_CERTIFICATE_MIN_PERCENT = env.int("TRAININGS_CERTIFICATE_MIN_PERCENT", default=100)
