"""Messages of the service's authentication and authority, and of ``sqmy credential``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "service.title.unauthorized": {"zh": "未认证", "en": "Unauthorized"},
    # -- who is calling (401) ------------------------------------------------------------
    "service.auth.missing": {
        "zh": "缺少凭据：请求须带 Authorization: Bearer <令牌>",
        "en": "no credential: the request must carry Authorization: Bearer <token>",
    },
    "service.auth.bad_scheme": {
        "zh": "Authorization 应为 Bearer <令牌>，实际为 {found}",
        "en": "Authorization must be Bearer <token>, found {found}",
    },
    "service.auth.unknown_token": {
        "zh": "令牌无效（不是本服务签发的凭据）",
        "en": "the token is not valid (not a credential this service issued)",
    },
    "service.auth.revoked": {
        "zh": "凭据 {credential} 已于 {at} 吊销",
        "en": "credential {credential} was revoked at {at}",
    },
    "service.auth.expired": {
        "zh": "凭据 {credential} 已于 {at} 过期",
        "en": "credential {credential} expired at {at}",
    },
    "service.auth.jwt_invalid": {
        "zh": "JWT 令牌未通过校验：{reason}",
        "en": "the JWT was not accepted: {reason}",
    },
    "service.auth.jwt_claim": {
        "zh": "JWT 令牌的声明 {claim} 应为{expected}，实际为 {found}",
        "en": "the JWT's claim {claim} must be {expected}, found {found}",
    },
    # -- what it may do (403) ------------------------------------------------------------
    "service.auth.other_org": {
        "zh": "凭据 {credential} 不适用于组织 {found}",
        "en": "credential {credential} is not valid for organization {found}",
    },
    "service.auth.scope": {
        "zh": "此操作需要权限范围 {expected}，凭据只有 {found}",
        "en": "this operation needs the scope {expected}; the credential holds {found}",
    },
    "service.auth.no_scope_declared": {
        "zh": "此操作未声明所需的权限范围，一律拒绝",
        "en": "this operation declares no scope it needs, so it is refused",
    },
    "service.auth.no_org": {
        "zh": "此操作不属于任何组织，凭据无从核对，一律拒绝",
        "en": "this operation names no organization to check the credential in, so it is refused",
    },
    "service.auth.actor_unknown": {
        "zh": "办理人 {found} 不是本组织登记的人员",
        "en": "the acting person {found} is not registered in this organization",
    },
    "service.auth.actor_out_of_term": {
        "zh": "办理人 {found} 在 {at} 不在任期内（任期 {since} 至 {until}）",
        "en": "the acting person {found} is not in office at {at} (term {since} to {until})",
    },
    "service.auth.actor_no_role": {
        "zh": "办理人 {found} 没有规则集所定的任何角色（应为以下之一：{expected}；实际为 {roles}）",
        "en": "the acting person {found} holds none of the ruleset's roles (expected one of: "
        "{expected}; found {roles})",
    },
    "service.auth.actor_role_limited": {
        "zh": "凭据只许以下角色的人员办理：{expected}；{found} 的角色为 {roles}",
        "en": "the credential only allows people holding one of: {expected}; {found} holds {roles}",
    },
    "service.auth.actor_not_staff": {
        "zh": "名册、规则集与事件推送由机关干部办理：办理人 {found} 应有角色 {expected}，实际为 {roles}",
        "en": "the registry, rulesets and webhooks are the office's: the acting person {found} "
        "must hold {expected}, found {roles}",
    },
    "service.auth.actor_not_token": {
        "zh": "办理人应为令牌所认证的人员 {expected}，实际为 {found}",
        "en": "the acting person must be the one the token names, {expected}, found {found}",
    },
    # -- issuing, revoking -----------------------------------------------------------------
    "service.auth.issuer_role": {
        "zh": "只有{expected}可以签发或吊销凭据；此人的角色为 {found}",
        "en": "only {expected} may issue or revoke a credential; this person holds {found}",
    },
    "service.auth.bad_name": {
        "zh": "调用系统的名称不能为空，且不超过 200 个字符，实际为 {found}",
        "en": "the calling system's name must be 1 to 200 characters, found {found}",
    },
    "service.auth.no_scope": {
        "zh": "至少要给一个权限范围（{allowed}）",
        "en": "give at least one scope ({allowed})",
    },
    "service.auth.expired_at_issue": {
        "zh": "到期时间 {found} 不晚于现在（{now}）：签发即已过期",
        "en": "the expiry {found} is not after now ({now}): it would be expired when issued",
    },
    "service.auth.new_org": {
        "zh": "组织 {found} 在工作库中尚无生效的规则集（拼写有误？）；为新组织签发请加 --new-org",
        "en": "organization {found} has no ruleset in force in the workspace (a typo?); to issue "
        "for a new organization add --new-org",
    },
    "service.auth.jwt_settings": {
        "zh": "JWT 校验须恰好给出 --jwt-jwks 或 --jwt-key-file 之一，连同 --jwt-issuer 与 --jwt-audience",
        "en": "JWT verification needs exactly one of --jwt-jwks or --jwt-key-file, with "
        "--jwt-issuer and --jwt-audience",
    },
    "service.auth.jwt_algorithm": {
        "zh": "JWT 签名算法 {found} 不允许（只允许非对称算法：{allowed}）",
        "en": "JWT algorithm {found} is not allowed (asymmetric ones only: {allowed})",
    },
    "service.auth.jwt_key_file": {
        "zh": "无法读取 JWT 公钥文件 {found}：{reason}",
        "en": "the JWT key file {found} cannot be read: {reason}",
    },
    "credential.issued": {
        "zh": "已签发凭据 {credential}（{name}），适用于 {organizations}；令牌只显示这一次，请妥善保存：",
        "en": "issued credential {credential} ({name}) for {organizations}; the token is shown "
        "only this once, keep it safe:",
    },
    "credential.revoked": {
        "zh": "已吊销凭据 {credential}（{organizations}）",
        "en": "revoked credential {credential} ({organizations})",
    },
    "credential.none": {"zh": "没有凭据", "en": "no credentials"},
    "credential.header": {
        "zh": "编号\t名称\t权限范围\t角色\t到期\t吊销\t签发时间\t签发人",
        "en": "id\tname\tscopes\troles\texpires\trevoked\tissued at\tissued by",
    },
    # -- help ----------------------------------------------------------------------------
    "help.cmd.credential": {
        "zh": "API 凭据：为调用系统签发、列出、吊销（令牌只在签发时显示一次，库中只存其哈希）。",
        "en": "API credentials: issue, list and revoke them for calling systems (a token is shown "
        "once, when issued; only its hash is stored).",
    },
    "help.cmd.credential add": {
        "zh": "签发凭据：适用的组织、权限范围、可办理人员的角色、到期时间；在标准输出显示令牌一次。",
        "en": "Issue a credential: its organizations, scopes, the roles an acting person must "
        "hold, its expiry; the token is printed once on stdout.",
    },
    "help.cmd.credential list": {
        "zh": "列出组织的凭据（不显示哈希与令牌；只读）。",
        "en": "List an organization's credentials (never hashes or tokens; reads only).",
    },
    "help.cmd.credential revoke": {
        "zh": "吊销凭据：此后用它的请求一律 401。",
        "en": "Revoke a credential: every request with it is answered 401 from now on.",
    },
    "help.opt.credential add.organizations": {
        "zh": "凭据适用的组织（可重复；每个组织各存一条记录）",
        "en": "an organization the credential is valid for (repeatable; one record in each)",
    },
    "help.opt.credential revoke.organizations": {
        "zh": "在这些组织吊销（可重复）",
        "en": "revoke it in these organizations (repeatable)",
    },
    "help.opt.credential add.name": {
        "zh": "调用系统的名称（如 区政协OA）",
        "en": "the calling system's name (such as the committee's OA)",
    },
    "help.opt.credential add.scopes": {
        "zh": "权限范围（可重复）：read registry workflow outcomes contacts admin",
        "en": "a scope (repeatable): read registry workflow outcomes contacts admin",
    },
    "help.opt.credential add.roles": {
        "zh": "只许具有这些角色之一的人员作为办理人（可重复；不给则不限）",
        "en": "only people holding one of these roles may act with it (repeatable; none: any)",
    },
    "help.opt.credential add.expires": {
        "zh": "到期时间（带时区，ISO 8601）；不给则不过期",
        "en": "when it expires (ISO 8601 with an offset); none: never",
    },
    "help.opt.credential add.new_org": {
        "zh": "组织尚无生效的规则集时也签发（新组织，其第一个规则集将经由服务启用）",
        "en": "issue even for an organization with no ruleset in force (a new one, whose first "
        "ruleset is to be applied through the service)",
    },
    "help.opt.credential add.fmt": {
        "zh": "输出：table 说明加令牌一行，json 一个 JSON 文档，token 只有令牌一行（便于脚本）",
        "en": "output: table (a line of text, then the token), json (one JSON document), token "
        "(the token line only, for scripts)",
    },
    "help.opt.serve.jwt_issuer": {
        "zh": "接受此签发方（iss）的 JWT/OIDC 令牌",
        "en": "accept JWT/OIDC tokens from this issuer (iss)",
    },
    "help.opt.serve.jwt_audience": {
        "zh": "JWT 令牌的受众（aud）须含此值",
        "en": "the audience (aud) a JWT must name",
    },
    "help.opt.serve.jwt_jwks": {
        "zh": "签发方公钥集（JWKS）的地址",
        "en": "the URL of the issuer's key set (JWKS)",
    },
    "help.opt.serve.jwt_key_file": {
        "zh": "签发方公钥（PEM 文件）",
        "en": "the issuer's public key (a PEM file)",
    },
    "help.opt.serve.jwt_actor_claim": {
        "zh": "JWT 中给出办理人（人员 id）的声明",
        "en": "the JWT claim naming the acting person (a person id)",
    },
}

NOUNS: dict[str, dict[str, str]] = {
    "scope": {"zh": "权限范围", "en": "scope"},
    "credential": {"zh": "凭据", "en": "credential"},
    "jwt_list": {"zh": "字符串列表或以空格分隔的字符串", "en": "a list of strings or a space-separated string"},
    "jwt_text": {"zh": "非空字符串", "en": "a non-empty string"},
}
