"""Messages of clue contacts (sealing, reading, erasure, conversion) and of outbound targets."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "contact_bad": {
        "zh": "联系方式应为 1 到 {limit} 个字符的文本（内容不予显示）",
        "en": "a contact must be text of 1 to {limit} characters (not shown)",
    },
    "contact_no_key": {
        "zh": "线索 {clue} 的联系方式须加密保存，但设置中没有密钥（[contacts] key_file 或 key_env）；"
        "联系方式不会以明文保存或读出",
        "en": "the contact of clue {clue} is kept encrypted, but the settings give no key "
        "([contacts] key_file or key_env); contacts are never kept or read in plain text",
    },
    "contact_key_unknown": {
        "zh": "线索 {clue} 的联系方式是用密钥 {key} 加密的，设置中没有这把密钥"
        "（轮换后请把旧密钥放入 previous_key_files / previous_key_envs）",
        "en": "the contact of clue {clue} was encrypted with key {key}, which the settings do "
        "not give (after a rotation list the old key in previous_key_files / previous_key_envs)",
    },
    "contact_sealed_unreadable": {
        "zh": "线索 {clue} 的加密联系方式无法解密（密钥不符或记录被改动）",
        "en": "the encrypted contact of clue {clue} cannot be decrypted (wrong key or the "
        "record was altered)",
    },
    "contact_key_bad": {
        "zh": "联系方式密钥应为 32 字节，实为 {length} 字节",
        "en": "a contact key must be 32 bytes, found {length}",
    },
    "contact_settings_not_table": {
        "zh": "应为表（TOML 的 [contacts]）",
        "en": "must be a table (TOML [contacts])",
    },
    "contact_settings_unknown_key": {
        "zh": "未知的设置项（可用的有：{known}）",
        "en": "unknown setting (known: {known})",
    },
    "contact_settings_name": {
        "zh": "应为非空字符串（文件路径或环境变量名）",
        "en": "must be a non-empty string (a file path or an environment variable name)",
    },
    "contact_settings_names": {
        "zh": "应为非空字符串的数组（文件路径或环境变量名）",
        "en": "must be an array of non-empty strings (file paths or environment variable names)",
    },
    "contact_settings_one_key": {
        "zh": "须且只须给出一把当前密钥：key_file 或 key_env",
        "en": "give exactly one current key: key_file or key_env",
    },
    "contact_key_file_unreadable": {
        "zh": "无法读取密钥文件 {file}：{reason}",
        "en": "cannot read the key file {file}: {reason}",
    },
    "contact_key_env_missing": {
        "zh": "环境变量 {name} 未设置",
        "en": "the environment variable {name} is not set",
    },
    "contact_key_malformed": {
        "zh": "{where} 中的密钥应为 32 字节的 base64 文本（44 个字符）",
        "en": "the key in {where} must be 32 bytes written in base64 (44 characters)",
    },
    "contact_reader_denied": {
        "zh": "{person} 无权查看或删除线索联系方式（须为在职的以下角色之一：{roles}；"
        "见规则集 [clues] contact_readers）",
        "en": "{person} may not read or erase clue contacts (only people in office with one of "
        "these roles: {roles}; see the ruleset's [clues] contact_readers)",
    },
    "contact_none": {
        "zh": "线索 {clue} 没有联系方式",
        "en": "clue {clue} has no contact",
    },
    "contact_erased": {
        "zh": "线索 {clue} 的联系方式已删除",
        "en": "the contact of clue {clue} has been erased",
    },
    "contact_expired": {
        "zh": "线索 {clue} 的联系方式已超过保存期限（{days} 天），不能再查看",
        "en": "the contact of clue {clue} is past its retention period ({days} days) and "
        "can no longer be read",
    },
    "contact_not_sealed": {
        "zh": "线索 {clue} 的联系方式是加密前保存的明文；请先加密（Workspace.seal_contacts）",
        "en": "the contact of clue {clue} was kept in plain text before encryption; seal it "
        "first (Workspace.seal_contacts)",
    },
    "clue_converted": {
        "zh": "线索 {clue} 已转为稿件 {piece}，一条线索只能转为一篇稿件；库中数据未改变",
        "en": "clue {clue} was already converted into piece {piece}; a clue converts into "
        "one piece only; nothing changed",
    },
    "outbound_not_allowed": {
        "zh": "主机 {host} 不在出站白名单中（设置 [outbound] allow）",
        "en": "host {host} is not on the outbound allow-list (settings [outbound] allow)",
    },
    "outbound_special": {
        "zh": "主机 {host} 解析到链路本地或云元数据地址 {address}，已拒绝（除非 [outbound] allow 明确列出该地址）",
        "en": "host {host} resolves to the link-local or cloud metadata address {address}: "
        "refused (unless [outbound] allow lists that address)",
    },
    "outbound_unresolved": {
        "zh": "无法解析主机 {host}：{reason}",
        "en": "cannot resolve host {host}: {reason}",
    },
    "outbound_not_table": {
        "zh": "应为表（TOML 的 [outbound]）",
        "en": "must be a table (TOML [outbound])",
    },
    "outbound_unknown_key": {
        "zh": "未知的设置项（可用的有：{known}）",
        "en": "unknown setting (known: {known})",
    },
    "outbound_not_list": {
        "zh": "应为字符串数组（主机名、*.域名、IP 地址或网段）",
        "en": "must be an array of strings (host names, *.domains, IP addresses or networks)",
    },
    "outbound_bad_entry": {
        "zh": "应为主机名、*.域名、IP 地址或网段，实为 {found}",
        "en": "must be a host name, *.domain, IP address or network, found {found}",
    },
    "cli.contacts_expired": {
        "zh": "已删除超过保存期限的线索联系方式 {count} 条",
        "en": "erased {count} clue contacts past their retention period",
    },
    "doc.title.clues": {"zh": "线索联系方式", "en": "Clue contacts"},
    "doc.clues.readers": {
        "zh": "线索中群众的联系方式加密保存，只有在职的{roles}可以查看，每次查看都留痕",
        "en": "citizens' contacts in clues are kept encrypted; only people in office with "
        "the role {roles} may read them, and every read is recorded",
    },
    "doc.clues.no_readers": {
        "zh": "线索中群众的联系方式加密保存，任何人都不能查看",
        "en": "citizens' contacts in clues are kept encrypted and no one may read them",
    },
    "doc.clues.retention": {
        "zh": "自收到线索起保存 {days} 天，期满删除",
        "en": "they are kept for {days} days from the clue's receipt, then erased",
    },
}
