# language: zh-CN
功能: 步骤库自测：规则集的几种写法

  场景: 规则集直接写在规格里
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/1"
      organization = "demo"
      title = "演示规则"

      [year]
      timezone = "+08:00"

      [scope]
      roles = ["member"]

      [scoring.split]
      mode = "equal"

      [[scoring.rules]]
      id = "submitted"
      label = "提交"
      event = "submitted"
      points = 2
      """
    当 2024年3月1日 委员甲 提交信息 "X"
    而且 评估 2024 年度
    那么 甲 的积分为 2 分
    而且 甲 的积分为 二 分
    而且 甲 的积分为 ２ 分

  场景: 有错的规则集加载失败，报错写明键的位置
    当 加载以下规则集：
      """
      format = "sqmy-ruleset/1"
      organization = "demo"
      title = "演示规则"

      [year]
      timezone = "+08:00"

      [scope]
      roles = ["member"]

      [scoring.split]
      mode = "equal"

      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = "二"
      """
    那么 规则集加载失败，提示包含 "scoring.rules[0].points"
    而且 提示包含 "规格中的规则集"

  场景: 试加载仓库中的规则集成功
    当 加载规则集 "rulesets/party.toml"
    而且 2024年3月1日 会员甲 提交信息 "X"
    那么 甲 的 2024 年度积分为 0.5 分
