# language: zh-CN
功能: F 时间（policy-variants.md 第 26—27 项）
  每个场景自带一个小规则集（sqmy-ruleset/2），期望值按变体的文字手算，算式写在注释中。

  @变体26
  场景: 按报送年度计分，次年 1 月底前的采用仍计入报送年度
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v26a"
      title = "变体26 报送年度"
      [scope]
      roles = ["member"]
      [year]
      attribution = "submission"
      grace_until = "01-31"
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 5
      """
    当 2023年12月20日 委员甲 提交信息 "宽限期内采用"
    而且 2024年1月15日 信息 "宽限期内采用" 被 市政协 采用
    而且 2024年2月1日 委员甲 提交信息 "当年的稿"
    而且 2024年2月10日 信息 "当年的稿" 被 市政协 采用
    # 2023 年度：去年 12 月报送、今年 1 月 15 日（1 月 31 日前）采用 = 5
    那么 甲 的 2023 年度积分为 5 分
    # 2024 年度：只有当年报送的稿 = 5
    而且 甲 的 2024 年度积分为 5 分

  @变体26
  场景: 按事件发生的年度计分
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v26b"
      title = "变体26 事件年度"
      [scope]
      roles = ["member"]
      [year]
      attribution = "event"
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 5
      """
    当 2023年12月20日 委员甲 提交信息 "跨年采用"
    而且 2024年1月15日 信息 "跨年采用" 被 市政协 采用
    # 采用发生在 2024 年：2023 年 0，2024 年 5
    那么 甲 的 2023 年度积分为 0 分
    而且 甲 的 2024 年度积分为 5 分

  @变体27
  场景: 修订后的分值表自某日起施行，重算往年按当时的规定
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v27"
      title = "变体27"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted_old"
      event = "adopted"
      by = "level"
      values = { county = 1, city = 3 }
      combine = "highest"
      group = "adoption"
      applies_until = 2024-07-01
      [[scoring.rules]]
      id = "adopted_new"
      event = "adopted"
      by = "level"
      values = { county = 2, city = 5 }
      combine = "highest"
      group = "adoption"
      applies_from = 2024-07-01
      """
    当 2023年5月1日 委员甲 提交信息 "往年的稿"
    而且 2023年6月1日 信息 "往年的稿" 被 市政协 采用
    而且 2024年2月1日 委员甲 提交信息 "旧表"
    而且 2024年3月1日 信息 "旧表" 被 市政协 采用
    而且 2024年7月10日 委员甲 提交信息 "新表"
    而且 2024年8月1日 信息 "新表" 被 市政协 采用
    而且 2024年2月1日 委员甲 提交信息 "先县后市"
    而且 2024年3月1日 信息 "先县后市" 被 区政协 采用
    而且 2024年8月1日 信息 "先县后市" 被 市政协 采用
    # 2023 年按旧表：市级 3
    那么 甲 的 2023 年度积分为 3 分
    # 2024 年：“旧表”市级 3；“新表”市级 5；“先县后市”旧表县级 1，新表市级补到 5（同一组共用最高值）= 5
    # 3 + 5 + 5 = 13
    而且 甲 的 2024 年度积分为 13 分
