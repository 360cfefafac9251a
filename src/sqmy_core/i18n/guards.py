"""Messages of expected versions and idempotency keys (code -> zh/en templates).

Ids arrive quoted, repr-style (``'x1'``); versions arrive bare.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "expected_version_stale": {
        "zh": "稿件 {piece} 现在是第 {found} 版，而请求基于第 {expected} 版（其间已有人办理）；"
        "本次未写入任何内容，请重新读取后再试",
        "en": "piece {piece} is at version {found}, the request was made on version {expected} "
        "(someone acted in between); nothing was written, read it again and retry",
    },
    "record_version_stale": {
        "zh": "{what_noun} {ident} 现在有 {found} 次登记，而请求基于 {expected} 次（其间已有人登记）；"
        "本次未写入任何内容，请重新读取后再试",
        "en": "{what_noun} {ident} has been registered {found} times, the request was made on "
        "{expected} (someone registered it in between); nothing was written, read it again "
        "and retry",
    },
    "expected_version_bad": {
        "zh": "期望版本须为不小于 0 的整数，实际为 {found}",
        "en": "the expected version must be an integer of 0 or more, got {found}",
    },
    "idempotency_key_reused": {
        "zh": "幂等键 {key} 已用于另一个请求（命令、稿件或参数不同）；本次未写入任何内容——"
        "每个请求应使用自己的键",
        "en": "idempotency key {key} was already used with another request (another command, "
        "piece or arguments); nothing was written -- give each request its own key",
    },
    "backup_fingerprint": {
        "zh": "幂等键的请求指纹须为 64 位小写十六进制（SHA-256）或 null，实际为 {found}",
        "en": "an idempotency key's request fingerprint must be 64 lower-case hex digits "
        "(SHA-256) or null, got {found}",
    },
    "guard_required": {
        "zh": "命令 {command} 会累加计分，重复执行会重复计数：须给出 expected_version（读到的稿件版本）、"
        "idempotency_key 或 request_id 中的至少一个；未写入任何内容",
        "en": "command {command} adds to the points and a repeat would count twice: give "
        "expected_version (the piece version read), idempotency_key or request_id; nothing "
        "was written",
    },
}
