#!/bin/sh
# Rebuilds chinook_orders.csv, the demo shop's order history, from the Chinook sample database
# (https://github.com/lerocha/chinook-database, MIT licence, see LICENSE.md):
#   sh extract_chinook.sh path/to/Chinook_Sqlite.sqlite > chinook_orders.csv
#
# The demo shop is 青山茶舍 Qingshan Tea House (agent_ui/demo.html), which sells teas and teaware
# in CNY from Hangzhou. What comes from Chinook, unchanged: each invoice's customer, date and
# line structure (an order per invoice, a line item per invoice line, at most four lines), and
# the 26 customers in English-speaking countries (USA, Canada, United Kingdom, Ireland,
# Australia) with their real sample names, emails, phones and addresses. What is written for the
# demo: the other 33 Chinook customers become customers in mainland China (fictional names,
# addresses in eleven cities and +86 mobile numbers, made up here), each invoice line's track
# becomes one of the shop's 24 products (the catalogue below, its six shop-front items at the
# prices the demo page shows), prices and totals are in CNY with the shop's shipping fee (¥12
# in China under ¥199, ¥98 abroad under ¥800, free above), and payment and delivery states are
# derived from the invoice: every 17th order partly refunded, every 23rd refunded, the newest
# order paid but not shipped, the week before it in transit, older ones delivered; parcels in
# China go by SF Express, abroad by EMS.
set -eu
sqlite3 -header -csv "$1" <<'SQL'
WITH product(idx, sku, title, price) AS (VALUES
  (0, 'QS-LJ-050', '明前龙井 Pre-Qingming Longjing 50 g', 168),
  (1, 'QS-TGY-100', '安溪铁观音 Anxi Tieguanyin 100 g', 128),
  (2, 'QS-PE-357', '2019 普洱熟茶饼 Ripe Pu''er Cake 357 g', 239),
  (3, 'QS-YZ-030', '福鼎白毫银针 Silver Needle 30 g', 198),
  (4, 'QS-GW-120', '白瓷盖碗 White Porcelain Gaiwan 120 ml', 88),
  (5, 'QS-ZS-180', '宜兴紫砂壶 Yixing Clay Teapot 180 ml', 460),
  (6, 'QS-BLC-050', '洞庭碧螺春 Biluochun 50 g', 138),
  (7, 'QS-DHP-100', '武夷大红袍 Da Hong Pao 100 g', 188),
  (8, 'QS-ZSXZ-100', '正山小种 Lapsang Souchong 100 g', 88),
  (9, 'QS-QM-100', '祁门红茶 Keemun Black Tea 100 g', 98),
  (10, 'QS-DH-100', '滇红金芽 Yunnan Golden Tips 100 g', 108),
  (11, 'QS-BMD-100', '福鼎白牡丹 White Peony 100 g', 118),
  (12, 'QS-LAGP-050', '六安瓜片 Lu''an Guapian 50 g', 118),
  (13, 'QS-HSMF-050', '黄山毛峰 Huangshan Maofeng 50 g', 78),
  (14, 'QS-MLH-100', '茉莉龙珠 Jasmine Pearls 100 g', 68),
  (15, 'QS-DC-050', '凤凰单丛 Phoenix Dancong 50 g', 158),
  (16, 'QS-DFMR-050', '东方美人 Oriental Beauty 50 g', 168),
  (17, 'QS-SP-200', '2021 普洱生茶饼 Raw Pu''er Cake 200 g', 268),
  (18, 'QS-AJBC-050', '安吉白茶 Anji Baicha 50 g', 128),
  (19, 'QS-PMB-006', '青花品茗杯 Blue-and-White Cups, set of 6', 96),
  (20, 'QS-GDB-250', '玻璃公道杯 Glass Pitcher 250 ml', 45),
  (21, 'QS-LX-001', '便携旅行茶具 Travel Tea Set', 168),
  (22, 'QS-CG-001', '锡制茶叶罐 Tin Tea Caddy', 59),
  (23, 'QS-SY-006', '新客试饮装 Tasting Set, 6 teas', 59)),
city(idx, address, postcode) AS (VALUES
  (0, '浙江省杭州市西湖区文三路', '310012'),
  (1, '上海市徐汇区漕溪北路', '200030'),
  (2, '北京市朝阳区建国路', '100022'),
  (3, '广东省广州市天河区体育西路', '510620'),
  (4, '广东省深圳市南山区科技园路', '518057'),
  (5, '四川省成都市锦江区春熙路', '610021'),
  (6, '福建省福州市鼓楼区五四路', '350003'),
  (7, '福建省厦门市思明区中山路', '361001'),
  (8, '江苏省南京市鼓楼区中山北路', '210008'),
  (9, '云南省昆明市五华区翠湖南路', '650031'),
  (10, '湖北省武汉市江汉区解放大道', '430022')),
persona(CustomerId, last_name, first_name, mail) AS (VALUES
  (1, '王', '芳', 'wang.fang'), (2, '李', '娜', 'li.na'), (4, '张', '伟', 'zhang.wei'),
  (5, '刘', '洋', 'liu.yang'), (6, '陈', '静', 'chen.jing'), (7, '杨', '帆', 'yang.fan'),
  (8, '赵', '磊', 'zhao.lei'), (9, '黄', '丽', 'huang.li'), (10, '周', '杰', 'zhou.jie'),
  (11, '吴', '敏', 'wu.min'), (12, '徐', '静怡', 'xu.jingyi'), (13, '孙', '浩然', 'sun.haoran'),
  (34, '胡', '晓梅', 'hu.xiaomei'), (35, '朱', '明', 'zhu.ming'), (36, '高', '婷', 'gao.ting'),
  (37, '林', '志强', 'lin.zhiqiang'), (38, '何', '雪', 'he.xue'), (39, '郭', '亮', 'guo.liang'),
  (40, '马', '丽娟', 'ma.lijuan'), (41, '罗', '斌', 'luo.bin'), (42, '梁', '慧', 'liang.hui'),
  (43, '宋', '佳', 'song.jia'), (44, '郑', '凯', 'zheng.kai'), (45, '谢', '雨桐', 'xie.yutong'),
  (47, '韩', '冰', 'han.bing'), (48, '唐', '诗雨', 'tang.shiyu'), (49, '冯', '涛', 'feng.tao'),
  (50, '于', '晨', 'yu.chen'), (51, '董', '欣', 'dong.xin'), (56, '萧', '然', 'xiao.ran'),
  (57, '程', '宇', 'cheng.yu'), (58, '曹', '颖', 'cao.ying'), (59, '袁', '博', 'yuan.bo')),
buyer AS (
  SELECT c.CustomerId,
    p.CustomerId IS NOT NULL AS in_china,
    COALESCE(p.first_name, c.FirstName) AS first_name,
    COALESCE(p.last_name, c.LastName) AS last_name,
    CASE WHEN p.CustomerId IS NULL THEN c.Email
         ELSE p.mail || '@example.cn' END AS email,
    CASE WHEN p.CustomerId IS NULL THEN COALESCE(c.Phone, '')
         ELSE '+86 13' || (c.CustomerId % 9) || ' ' || printf('%04d', (c.CustomerId * 7919) % 10000)
              || ' ' || printf('%04d', (c.CustomerId * 104729) % 10000) END AS phone,
    CASE WHEN p.CustomerId IS NULL THEN
           trim(COALESCE(c.Address, '') || ', ' || COALESCE(c.City, '') ||
                COALESCE(', ' || c.State, '') || COALESCE(', ' || c.PostalCode, '') ||
                ', ' || COALESCE(c.Country, ''))
         ELSE k.address || ' ' || (8 + c.CustomerId * 3) || ' 号, ' || k.postcode || ', China'
    END AS shipping_address
  FROM Customer c
  LEFT JOIN persona p ON p.CustomerId = c.CustomerId
  LEFT JOIN city k ON k.idx = c.CustomerId % 11),
line AS (
  SELECT l.InvoiceId, l.InvoiceLineId,
    row_number() OVER (PARTITION BY l.InvoiceId ORDER BY l.InvoiceLineId) AS rn,
    (l.TrackId * 7) % 24 AS product_idx,
    CASE WHEN l.InvoiceLineId % 6 = 0 THEN 2 ELSE 1 END AS quantity
  FROM InvoiceLine l),
kept AS (SELECT * FROM line WHERE rn <= 4),
order_sum AS (
  SELECT k.InvoiceId, SUM(p.price * k.quantity) AS goods
  FROM kept k JOIN product p ON p.idx = k.product_idx GROUP BY k.InvoiceId),
last AS (SELECT MAX(InvoiceDate) AS at FROM Invoice),
shipment AS (
  SELECT i.InvoiceId, b.in_china,
    s.goods + CASE WHEN b.in_china AND s.goods < 199 THEN 12
                   WHEN NOT b.in_china AND s.goods < 800 THEN 98 ELSE 0 END AS total,
    CASE WHEN i.InvoiceId % 23 = 0 THEN 'refunded'
         WHEN i.InvoiceId % 17 = 0 THEN 'partially_refunded'
         ELSE 'paid' END AS financial,
    CASE WHEN b.in_china THEN 'SF Express' ELSE 'EMS' END AS company,
    CASE WHEN b.in_china THEN 'SF' || printf('%013d', 1400000000000 + i.InvoiceId * 7919)
         ELSE 'EA' || printf('%09d', 100000000 + i.InvoiceId * 7919) || 'CN' END AS number,
    CASE WHEN i.InvoiceDate = last.at THEN 'unfulfilled'
         WHEN julianday(last.at) - julianday(i.InvoiceDate) <= 7 THEN 'in_transit'
         ELSE 'delivered' END AS state
  FROM Invoice i
  JOIN buyer b ON b.CustomerId = i.CustomerId
  JOIN order_sum s ON s.InvoiceId = i.InvoiceId, last),
rows AS (SELECT
  k.rn,
  910000000 + i.InvoiceId AS order_id,
  '#' || (1000 + i.InvoiceId) AS name,
  strftime('%Y-%m-%dT%H:%M:%SZ', i.InvoiceDate,
           '+' || (540 + (i.InvoiceId * 37) % 600) || ' minutes') AS created_at,
  7000 + b.CustomerId AS customer_id,
  b.first_name, b.last_name, b.email, b.phone, b.shipping_address,
  'CNY' AS currency,
  printf('%.2f', h.total) AS total_price,
  h.financial AS financial_status,
  CASE h.state WHEN 'unfulfilled' THEN '' ELSE 'fulfilled' END AS fulfillment_status,
  p.title,
  k.quantity,
  printf('%.2f', p.price) AS price,
  p.sku,
  CASE h.state WHEN 'unfulfilled' THEN '' ELSE h.number END AS tracking_number,
  CASE h.state WHEN 'unfulfilled' THEN '' ELSE h.company END AS tracking_company,
  CASE h.state WHEN 'unfulfilled' THEN ''
    ELSE CASE h.company
      WHEN 'SF Express' THEN 'https://www.sf-express.com/chn/sc/waybill/waybill-detail/' || h.number
      ELSE 'https://t.17track.net/en#nums=' || h.number END END AS tracking_url,
  CASE h.state WHEN 'unfulfilled' THEN '' ELSE h.state END AS tracking_status
FROM kept k
JOIN Invoice i ON i.InvoiceId = k.InvoiceId
JOIN buyer b ON b.CustomerId = i.CustomerId
JOIN product p ON p.idx = k.product_idx
JOIN shipment h ON h.InvoiceId = i.InvoiceId
ORDER BY i.InvoiceId, k.InvoiceLineId)
SELECT order_id,
  CASE rn WHEN 1 THEN name ELSE '' END AS name,
  CASE rn WHEN 1 THEN created_at ELSE '' END AS created_at,
  CASE rn WHEN 1 THEN customer_id ELSE '' END AS customer_id,
  CASE rn WHEN 1 THEN first_name ELSE '' END AS first_name,
  CASE rn WHEN 1 THEN last_name ELSE '' END AS last_name,
  CASE rn WHEN 1 THEN email ELSE '' END AS email,
  CASE rn WHEN 1 THEN phone ELSE '' END AS phone,
  CASE rn WHEN 1 THEN shipping_address ELSE '' END AS shipping_address,
  CASE rn WHEN 1 THEN currency ELSE '' END AS currency,
  CASE rn WHEN 1 THEN total_price ELSE '' END AS total_price,
  CASE rn WHEN 1 THEN financial_status ELSE '' END AS financial_status,
  CASE rn WHEN 1 THEN fulfillment_status ELSE '' END AS fulfillment_status,
  title, quantity, price, sku,
  CASE rn WHEN 1 THEN tracking_number ELSE '' END AS tracking_number,
  CASE rn WHEN 1 THEN tracking_company ELSE '' END AS tracking_company,
  CASE rn WHEN 1 THEN tracking_url ELSE '' END AS tracking_url,
  CASE rn WHEN 1 THEN tracking_status ELSE '' END AS tracking_status
FROM rows ORDER BY order_id, rn;
SQL
