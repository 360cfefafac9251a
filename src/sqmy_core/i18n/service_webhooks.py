"""Messages of webhooks out: registering subscriptions, their settings, delivering them."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "service_webhooks.no_key": {
        "zh": "设置中没有事件推送的密钥（[{table}] key_file 或 key_env）：签名密钥只能加密保存，"
        "因此不能登记事件推送",
        "en": "the settings give no webhook key ([{table}] key_file or key_env): signing "
        "secrets are only ever kept encrypted, so no webhook can be registered",
    },
    "service_webhooks.secret_unreadable": {
        "zh": "事件推送 {id} 的签名密钥无法解密（密钥不符、已轮换而未列入 previous_key_*，或记录被改动）",
        "en": "the signing secret of webhook {id} cannot be decrypted (wrong key, a rotated key "
        "not listed in previous_key_*, or the record was altered)",
    },
    "service_webhooks.settings_not_table": {
        "zh": "应为表（TOML 的 [webhooks_out]）",
        "en": "must be a table (TOML [webhooks_out])",
    },
    "service_webhooks.bad_timeout": {
        "zh": "应为大于 0、不超过 120 的秒数，实为 {found}",
        "en": "must be a number of seconds above 0 and at most 120, found {found}",
    },
    "service_webhooks.bad_url": {
        "zh": "应为 https:// 开头、带主机名的地址，实为 {found}",
        "en": "must be an https:// URL with a host, found {found}",
    },
    "service_webhooks.url_userinfo": {
        "zh": "地址中不得含用户名、密码或 # 片段（它们会被保存在名册中）",
        "en": "the URL may carry no user name, password or # fragment (they would be kept "
        "in the registry)",
    },
    "service_webhooks.https_required": {
        "zh": "以主机名 {host} 给出的地址须用 https://（只有按 IP 地址给出的内网地址可用 http://）",
        "en": "a URL naming the host {host} must be https:// (only an intranet target given "
        "by IP address may be http://)",
    },
    "service_webhooks.unknown": {
        "zh": "事件推送 {found} 不存在",
        "en": "webhook {found} does not exist",
    },
    "service_webhooks.bad_id": {
        "zh": "事件推送的 id 应为 1 到 64 个字母、数字或 . _ -（以字母或数字开头），实为 {found}",
        "en": "a webhook id must be 1 to 64 letters, digits or . _ - (starting with a letter "
        "or digit), found {found}",
    },
    "service_webhooks.no_events": {
        "zh": "应为非空的事件类型列表（或 [\"*\"] 表示全部）",
        "en": 'must be a non-empty list of event kinds (or ["*"] for all)',
    },
    "service_webhooks.unknown_event": {
        "zh": "未知的事件类型 {found}（可用的有：{known}）",
        "en": "unknown event kind {found} (known: {known})",
    },
    "service_webhooks.description_long": {
        "zh": "说明最长 {limit} 个字符",
        "en": "a description is at most {limit} characters",
    },
    "help.opt.serve.settings_path": {
        "zh": "工作库设置文件（TOML：通知渠道、[contacts]、[webhooks_out] 与 [outbound]）",
        "en": "workspace settings file (TOML: notification channels, [contacts], "
        "[webhooks_out] and [outbound])",
    },
    "help.opt.serve.deliver_every": {
        "zh": "每隔这么多秒在后台发送一次待发通知与事件推送（不给则不发送，由 sqmy notify 发送）",
        "en": "every this many seconds, send due notifications and webhooks in the background "
        "(not given: none sent here; sqmy notify sends them)",
    },
}
