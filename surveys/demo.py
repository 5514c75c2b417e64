"""A realistic annual survey of NGOs' Internet use, two editions, for trying the platform."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from orgs.models import Organization, OrganizationStatus

from .models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
    SurveyKind,
    SurveyStatus,
)

# (section zh, section en, [(key, type, zh, en, options)]) ; options: choices, range, condition, flags
ANNUAL_SURVEY = [
    ("电脑与上网", "Computers and Internet access", [
        ("computers", "number", "机构有几台可用于工作的电脑？", "How many computers can your organization use for work?",
         {"min": 0, "max": 1000}),
        ("internet_access", "single", "机构主要如何上网？", "How does your organization mainly go online?",
         {"choices": [("broadband", "办公室宽带", "Office broadband"), ("mobile", "只用手机流量", "Mobile data only"),
                      ("shared", "借用其他单位网络", "Shared with another organization"), ("none", "基本不上网", "Hardly at all")]}),
        ("connection_quality", "scale", "你对机构的网络条件满意吗？", "How satisfied are you with your connection?",
         {"labels": ("很不满意", "Very unsatisfied", "很满意", "Very satisfied")}),
    ]),
    ("网站与社交媒体", "Website and social media", [
        ("has_website", "yes_no", "机构有自己的网站吗？", "Does your organization have its own website?", {"summary": True}),
        ("website_updates", "single", "网站多久更新一次？", "How often is the website updated?",
         {"show_if": ("has_website", ["yes"]),
          "choices": [("weekly", "每周", "Weekly"), ("monthly", "每月", "Monthly"),
                      ("quarterly", "每季度", "Quarterly"), ("rarely", "很少更新", "Rarely")]}),
        ("has_weibo", "yes_no", "机构开通了微博吗？", "Does your organization have a Weibo account?", {"summary": True}),
        ("has_wechat", "yes_no", "机构开通了微信公众号吗？", "Does your organization have a WeChat official account?",
         {"summary": True}),
        ("wechat_followers", "number", "微信公众号大约有多少关注者？", "About how many followers does the WeChat account have?",
         {"show_if": ("has_wechat", ["yes"]), "min": 0, "max": 10000000}),
        ("social_media_uses", "multiple", "机构用社交媒体做什么？", "What does your organization use social media for?",
         {"summary": True, "required": False,
          "choices": [("publicity", "宣传机构和项目", "Publicity"), ("volunteers", "招募志愿者", "Recruiting volunteers"),
                      ("fundraising", "筹款", "Fundraising"), ("reporting", "向捐赠人反馈", "Reporting to donors"),
                      ("services", "为服务对象提供服务", "Serving beneficiaries"), ("networking", "与同行交流合作", "Networking")]}),
    ]),
    ("网络筹款", "Online fundraising", [
        ("online_fundraising", "yes_no", "过去一年机构在网上筹过款吗？", "Did your organization raise funds online last year?",
         {"summary": True}),
        ("fundraising_platforms", "multiple", "用了哪些平台？", "Which platforms did you use?",
         {"show_if": ("online_fundraising", ["yes"]),
          "choices": [("tencent", "腾讯公益", "Tencent Gongyi"), ("alipay", "支付宝公益", "Alipay"),
                      ("weibo", "微公益", "Weibo Gongyi"), ("own_site", "自己的网站", "Own website"), ("other", "其他", "Other")]}),
        ("online_share", "number", "网络筹款约占机构全年收入的百分之几？", "About what percent of the year's income came online?",
         {"show_if": ("online_fundraising", ["yes"]), "min": 0, "max": 100}),
    ]),
    ("数据安全", "Data security", [
        ("backup", "single", "机构多久备份一次重要数据？", "How often does your organization back up important data?",
         {"choices": [("regular", "定期备份", "Regularly"), ("sometimes", "偶尔备份", "Sometimes"), ("never", "从不备份", "Never")]}),
        ("security_worries", "multiple", "在数据安全方面，机构最担心什么？", "What worries your organization most about data security?",
         {"required": False,
          "choices": [("loss", "数据丢失", "Losing data"), ("accounts", "账号被盗", "Stolen accounts"),
                      ("privacy", "服务对象隐私泄露", "Leaking beneficiaries' privacy"), ("none", "没有特别担心", "Nothing in particular")]}),
    ]),
    ("培训需求", "Training needs", [
        ("training_needs", "multiple", "机构最需要哪些互联网技能培训？", "Which Internet skills training does your organization need most?",
         {"choices": [("new_media", "新媒体运营", "Running new media"), ("online_fundraising", "网络筹款", "Online fundraising"),
                      ("data", "数据管理", "Managing data"), ("design", "设计与视频", "Design and video"),
                      ("security", "网络安全", "Online safety")]}),
        ("digital_confidence", "scale", "你对机构使用互联网的能力有多大信心？", "How confident are you in your organization's Internet skills?",
         {"labels": ("没有信心", "Not confident", "很有信心", "Very confident")}),
        ("comments", "long_text", "还有什么想告诉我们的？", "Anything else you would like to tell us?", {"required": False}),
    ]),
]


def _build_survey(*, edition, status, opens_on, closes_on):
    survey, created = Survey.objects.get_or_create(
        slug=f"internet-use-{edition}",
        defaults={
            "kind": SurveyKind.ANNUAL,
            "edition": edition,
            "title_zh": f"{edition}年中国公益组织互联网使用调查",
            "title_en": f"{edition} Survey of Chinese NGOs' Internet Use",
            "intro_zh": "本调查了解草根公益组织使用互联网的情况，结果将用于改进培训和资源对接。大约需要 15 分钟。",
            "intro_en": "How grassroots NGOs use the Internet; the results shape our training and resource matching. About 15 minutes.",
            "opens_on": opens_on,
            "closes_on": closes_on,
            "status": status,
            "results_public": True,
        },
    )
    if not created:
        return survey, False
    position = 0
    questions = {}
    for section_position, (section_zh, section_en, rows) in enumerate(ANNUAL_SURVEY):
        section = Section.objects.create(survey=survey, position=section_position, title_zh=section_zh, title_en=section_en)
        for key, kind, text_zh, text_en, options in rows:
            position += 1
            condition = options.get("show_if")
            labels = options.get("labels", ("", "", "", ""))
            question = Question.objects.create(
                survey=survey,
                section=section,
                key=key,
                position=position,
                type=kind,
                text_zh=text_zh,
                text_en=text_en,
                required=options.get("required", True),
                number_min=options.get("min"),
                number_max=options.get("max"),
                scale_min_label_zh=labels[0],
                scale_min_label_en=labels[1],
                scale_max_label_zh=labels[2],
                scale_max_label_en=labels[3],
                show_if_question=questions.get(condition[0]) if condition else None,
                show_if_values=condition[1] if condition else [],
                in_profile_summary=options.get("summary", False),
            )
            questions[key] = question
            for choice_position, (value, label_zh, label_en) in enumerate(options.get("choices", [])):
                Choice.objects.create(
                    question=question, value=value, position=choice_position, label_zh=label_zh, label_en=label_en
                )
    return survey, True


def _random_answers(rng, questions, year_boost):
    """Plausible answers; later editions use the Internet a little more."""
    answers = {}
    for question in questions:
        condition = question.show_if_question
        if condition is not None:
            given = answers.get(condition.key)
            if given is None or not (set(given) & set(question.show_if_values)):
                continue
        if not question.required and rng.random() < 0.2:
            continue
        values = [choice.value for choice in question.choices.all()]
        if question.type == "yes_no":
            answers[question.key] = ["yes" if rng.random() < 0.45 + year_boost else "no"]
        elif question.type == "single":
            answers[question.key] = [rng.choice(values)]
        elif question.type == "multiple":
            answers[question.key] = rng.sample(values, rng.randint(1, min(3, len(values))))
        elif question.type == "scale":
            answers[question.key] = [str(min(5, max(1, round(rng.gauss(3 + year_boost * 3, 1)))))]
        elif question.type == "number":
            top = {"computers": 15, "wechat_followers": 5000, "online_share": 60}.get(question.key, 100)
            answers[question.key] = [str(rng.randint(0, top))]
        elif question.type == "long_text":
            answers[question.key] = [rng.choice(["希望有更多线上培训。", "需要帮助做好公众号。", ""])]
    return answers


def _answer_rows(response, questions, answers):
    rows = []
    for question in questions:
        given = answers.get(question.key)
        if not given or given == [""]:
            continue
        answer = Answer(response=response, question=question)
        if question.type in ("single", "multiple"):
            answer.choices = given
        elif question.type == "yes_no":
            answer.boolean = given[0] == "yes"
        elif question.type in ("number", "scale"):
            answer.number = Decimal(given[0])
        else:
            answer.text = given[0]
        rows.append(answer)
    return rows


@transaction.atomic
def demo_surveys_load():
    """Last year's edition, closed, answered by most demo organizations; this year's, open, with
    invitations and a few drafts. Idempotent."""
    today = timezone.localdate()
    last, created_last = _build_survey(
        edition=today.year - 1, status=SurveyStatus.CLOSED,
        opens_on=datetime.date(today.year - 1, 3, 1), closes_on=datetime.date(today.year - 1, 5, 31),
    )
    current, created_current = _build_survey(
        edition=today.year, status=SurveyStatus.OPEN,
        opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=30),
    )
    organizations = list(Organization.objects.filter(status=OrganizationStatus.PUBLISHED).order_by("slug"))
    rng = random.Random(2025)
    if created_last:
        questions = list(last.questions.select_related("show_if_question").prefetch_related("choices").order_by("position"))
        submitted_at = timezone.make_aware(datetime.datetime(today.year - 1, 5, 1, 10))
        for organization in organizations:
            if rng.random() < 0.15:
                continue
            response = Response.objects.create(
                survey=last, organization=organization, status="submitted", submitted_at=submitted_at,
                show_on_profile=rng.random() < 0.5,
            )
            Answer.objects.bulk_create(_answer_rows(response, questions, _random_answers(rng, questions, 0.0)))
    if created_current:
        questions = list(current.questions.select_related("show_if_question").prefetch_related("choices").order_by("position"))
        Invitation.objects.bulk_create(
            [Invitation(survey=current, organization=o, email=o.contact_email) for o in organizations if o.contact_email],
            ignore_conflicts=True,
        )
        for organization in organizations[: len(organizations) // 2]:
            submitted = rng.random() < 0.7
            response = Response.objects.create(
                survey=current, organization=organization, status="submitted" if submitted else "draft",
                submitted_at=timezone.now() if submitted else None, show_on_profile=submitted and rng.random() < 0.6,
            )
            answers = _random_answers(rng, questions, 0.12)
            if not submitted:
                answers = dict(list(answers.items())[:5])
            Answer.objects.bulk_create(_answer_rows(response, questions, answers))
    return {"surveys": 2, "created": int(created_last) + int(created_current),
            "responses": Response.objects.filter(survey__in=[last, current]).count()}
