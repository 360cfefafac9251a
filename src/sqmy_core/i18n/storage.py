"""Messages of the storage and plugin area (code -> zh/en templates).

Values a user or a plugin supplied (``url``, ``plugin``, ``hook``) arrive
already quoted, repr-style (``'ftp://x'``); numbers arrive bare.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "stale_append": {
        "zh": "事件流 {stream} 已被更新：预期版本 {expected}，实际版本 {actual}；本次未写入任何内容，请重新读取后再试",
        "en": "stream {stream} has moved on: expected version {expected}, actual version {actual}; "
        "nothing was written, read it again and retry",
    },
    "storage_url_unknown": {
        "zh": "没有插件能打开存储地址 {url}（可识别的形式：{forms}）",
        "en": "no plugin can open the storage URL {url} (forms understood: {forms})",
    },
    "storage_bad_result": {
        "zh": "插件 {plugin} 为存储地址 {url} 返回的不是事件存储：{found}",
        "en": "plugin {plugin} returned something that is not an event store for {url}: {found}",
    },
    "storage_open_failed": {
        "zh": "无法打开存储 {url}：{reason}",
        "en": "cannot open the store {url}: {reason}",
    },
    "stored_json_invalid": {
        "zh": "工作库中保存的数据已损坏：{text} 不是 JSON 对象（{reason}）；请运行 sqmy audit verify"
        " 检查，并从备份恢复",
        "en": "data kept in the store is damaged: {text} is not a JSON object ({reason}); run "
        "sqmy audit verify and restore from a backup",
    },
    "storage_schema_newer": {
        "zh": "存储 {url} 的结构版本为 {found}，高于本程序支持的版本 {known}，请升级 sqmy-core",
        "en": "the store {url} has schema version {found}, newer than the {known} this "
        "sqmy-core knows; upgrade sqmy-core",
    },
    "plugin_unknown_hook": {
        "zh": "插件 {plugin} 实现了不存在的钩子 {hook}（已知的钩子：{known}）",
        "en": "plugin {plugin} implements an unknown hook {hook} (known hooks: {known})",
    },
    "plugin_not_found": {
        "zh": "无法导入插件模块 {plugin}：{reason}",
        "en": "cannot import the plugin module {plugin}: {reason}",
    },
    "plugin_invalid": {
        "zh": "插件 {plugin} 无法注册：{reason}",
        "en": "plugin {plugin} cannot be registered: {reason}",
    },
    "plugin_load_failed": {
        "zh": "无法加载入口点 {entry_point}（{target}）：{reason}",
        "en": "cannot load the entry point {entry_point} ({target}): {reason}",
    },
}
