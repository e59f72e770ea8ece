#!/usr/bin/env python3
"""A year of tasks for bench/serve: two a month over 2024, each over all target types at small ratios.

    python3 bench/serve/make_year.py OUT.csv
"""
import calendar
import sys

rows = ['任务编号,年度,任务名称,抽查事项,开始日期,结束日期,发起部门,检查对象类型,所属区域,抽查比例,配合部门']
for month in range(1, 13):
    last = calendar.monthrange(2024, month)[1]
    for half, (start, end) in enumerate([(2, 14), (16, last - 1)]):
        number = (month - 1) * 2 + half + 1
        rows.append(f'2024-{number:02d},2024,2024年第{number}批定点医药机构双随机抽查,医保基金使用情况检查、医保服务协议履行情况检查,'
                    f'2024-{month:02d}-{start:02d},2024-{month:02d}-{end:02d},基金监管科,定点医院、定点基层医疗机构、定点零售药店,,'
                    f'A:3%、B:3%、C:4%、D:5%,')
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('\n'.join(rows) + '\n')
