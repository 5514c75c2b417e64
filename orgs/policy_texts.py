"""The first versions of the privacy policy and terms of use, loaded by load_reference_data when a
deployment has none. Deployers replace them with their own (a new version in the admin)."""

PRIVACY_ZH = """中国公益2.0 平台（下称“平台”）重视你的个人信息。本政策说明平台收集哪些信息、为什么收集、如何保存，以及你享有的权利。

一、我们收集的信息
1. 账号信息：邮箱地址、你设置的显示名称和密码（只保存不可逆的摘要）。
2. 你主动填写的内容：机构资料、需求与资源信息、评分与评论、培训报名、问卷回答、举报与建议。
3. 必要的技术信息：登录时间、为防止滥用而短时记录的网络地址。

二、我们如何使用
仅用于提供平台的服务：展示公益机构与资源、匹配需求、组织培训、开展年度调查、计算信任评估，以及防止滥用。我们不出售你的个人信息，也不用于广告。

三、公开的内容
机构资料、需求与资源、评分的汇总结果会公开展示。你的邮箱地址从不公开；评分与评论以你的显示名称展示或匿名汇总。

四、保存与安全
信息保存在平台运营方的服务器上，传输使用加密连接。账号删除后，个人信息随之删除；机构的公开记录（例如已批准的实地评估）以匿名方式保留。

五、你的权利
你可以随时在“我的”页面下载你的全部数据、删除账号、撤回同意。撤回同意后，你仍可浏览、下载或删除数据，但在重新同意之前不能在平台上发布或修改内容。

六、政策的变更
政策更新时会发布新版本，并在你下次发布内容前请你重新确认。历史版本可随时查阅。

如有疑问，请通过平台公布的联系方式与运营方联系。"""

PRIVACY_EN = """The NGO 2.0 platform ("the platform") respects your personal information. This policy says what the platform collects, why, how it is kept, and what rights you have.

1. What we collect
- Account: your email address, the display name you choose, and your password (only an irreversible hash is kept).
- What you write: organization profiles, needs and offers, ratings and comments, workshop applications, survey answers, reports and suggestions.
- Necessary technical data: sign-in times, and network addresses kept briefly to prevent abuse.

2. How we use it
Only to run the platform: showing organizations and resources, matching needs, organizing workshops, the annual survey, the trust evaluation, and preventing abuse. We do not sell personal information or use it for advertising.

3. What is public
Organization profiles, needs and offers, and summaries of ratings are public. Your email address is never shown; ratings and comments show your display name or are counted anonymously.

4. Storage and security
Data is kept on the operator's servers and sent over encrypted connections. When you delete your account, your personal data is deleted; an organization's public record (such as an approved field visit) is kept without your name.

5. Your rights
On your account page you can download all your data, delete your account and withdraw your consent at any time. After withdrawing you can still read, download or delete your data, but you cannot post or change anything until you agree again.

6. Changes
A changed policy is published as a new version, and you are asked to agree again before you next write anything. Earlier versions stay readable.

For questions, contact the operator through the contact details published on the platform."""

TERMS_ZH = """欢迎使用中国公益2.0 平台。使用平台即表示你同意以下条款。

一、真实与合法
请发布真实、合法的信息。不得发布虚假的机构资料、需求或评分，不得冒充他人或其他机构。

二、评分与评论
评分应基于你对该机构的真实了解。不得为自己所在的机构评分，不得组织刷分。平台可暂缓或隐藏可疑的评分，并说明理由。

三、内容管理
平台管理员可以隐藏违反本条款或法律法规的内容，并记录理由；被隐藏的内容不会被删除，相关机构可以申诉。

四、责任
平台为公益机构、企业、基金会和公众提供信息与对接服务，不对各方之间的捐赠、合作或交易承担担保责任。

五、条款的变更
条款更新时会发布新版本，并在你下次发布内容前请你重新确认。"""

TERMS_EN = """Welcome to the NGO 2.0 platform. By using it you agree to these terms.

1. Truthful and lawful
Post truthful, lawful information. Do not post false organization profiles, needs or ratings, and do not pretend to be another person or organization.

2. Ratings and comments
Rate from what you really know of an organization. Do not rate your own organization or organize others to inflate a score. The platform may hold or hide suspicious ratings, and says why.

3. Moderation
Moderators may hide content that breaks these terms or the law, with a recorded reason; hidden content is not deleted, and the organization concerned can appeal.

4. Responsibility
The platform connects NGOs, companies, foundations and the public; it does not guarantee donations, collaborations or exchanges between them.

5. Changes
Changed terms are published as a new version, and you are asked to agree again before you next write anything."""

FIRST_VERSIONS = {
    "privacy": {"title_zh": "隐私政策", "title_en": "Privacy policy", "body_zh": PRIVACY_ZH, "body_en": PRIVACY_EN},
    "terms": {"title_zh": "用户协议", "title_en": "Terms of use", "body_zh": TERMS_ZH, "body_en": TERMS_EN},
}
