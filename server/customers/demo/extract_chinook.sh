#!/bin/sh
# Rebuilds chinook_orders.csv, the demo order history, from the Chinook sample database
# (https://github.com/lerocha/chinook-database, MIT licence, see LICENSE.md):
#   sh extract_chinook.sh path/to/Chinook_Sqlite.sqlite > chinook_orders.csv
# Invoices become orders (one CSV row per invoice line, the track as the line item), billing
# addresses become shipping addresses. Carriers, tracking numbers and delivery states are
# derived deterministically from the invoice: the newest invoice is not yet shipped, the week
# before it is in transit, older ones are delivered. The CSV has the columns
# `kefu import orders` reads; order fields are given on an order's first row only.
set -eu
sqlite3 -header -csv "$1" <<'SQL'
WITH last AS (SELECT MAX(InvoiceDate) AS at FROM Invoice),
carrier AS (
  SELECT i.InvoiceId,
    CASE WHEN i.BillingCountry IN ('USA', 'Canada') THEN 'UPS'
         WHEN i.BillingCountry = 'United Kingdom' THEN 'Royal Mail'
         WHEN i.BillingCountry = 'France' THEN 'La Poste'
         ELSE 'DHL' END AS company,
    CASE WHEN i.BillingCountry IN ('USA', 'Canada')
           THEN '1Z' || printf('%03d', 100 + i.CustomerId) || 'E4' || printf('%010d', i.InvoiceId * 7919)
         WHEN i.BillingCountry = 'United Kingdom'
           THEN 'RM' || printf('%09d', i.InvoiceId * 7919) || 'GB'
         WHEN i.BillingCountry = 'France' THEN '6A' || printf('%011d', i.InvoiceId * 7919)
         ELSE printf('%010d', 3000000000 + i.InvoiceId * 7919) END AS number,
    CASE WHEN i.InvoiceDate = last.at THEN 'unfulfilled'
         WHEN julianday(last.at) - julianday(i.InvoiceDate) <= 7 THEN 'in_transit'
         ELSE 'delivered' END AS state
  FROM Invoice i, last)
, lines AS (SELECT
  row_number() OVER (PARTITION BY i.InvoiceId ORDER BY l.InvoiceLineId) AS rn,
  910000000 + i.InvoiceId AS order_id,
  '#' || (1000 + i.InvoiceId) AS name,
  strftime('%Y-%m-%dT%H:%M:%SZ', i.InvoiceDate,
           '+' || (540 + (i.InvoiceId * 37) % 600) || ' minutes') AS created_at,
  7000 + c.CustomerId AS customer_id,
  c.FirstName AS first_name, c.LastName AS last_name, c.Email AS email,
  COALESCE(c.Phone, '') AS phone,
  trim(COALESCE(i.BillingAddress, '') || ', ' || COALESCE(i.BillingCity, '') ||
       COALESCE(', ' || i.BillingState, '') || COALESCE(', ' || i.BillingPostalCode, '') ||
       ', ' || COALESCE(i.BillingCountry, '')) AS shipping_address,
  'USD' AS currency,
  printf('%.2f', i.Total) AS total_price,
  'paid' AS financial_status,
  CASE k.state WHEN 'unfulfilled' THEN '' ELSE 'fulfilled' END AS fulfillment_status,
  t.Name || ' (' || COALESCE(ar.Name, 'Various') || ')' AS title,
  l.Quantity AS quantity,
  printf('%.2f', l.UnitPrice) AS price,
  'TRK-' || t.TrackId AS sku,
  CASE k.state WHEN 'unfulfilled' THEN '' ELSE k.number END AS tracking_number,
  CASE k.state WHEN 'unfulfilled' THEN '' ELSE k.company END AS tracking_company,
  CASE k.state WHEN 'unfulfilled' THEN ''
    ELSE CASE k.company
      WHEN 'UPS' THEN 'https://www.ups.com/track?tracknum=' || k.number
      WHEN 'Royal Mail' THEN 'https://www.royalmail.com/track-your-item#/tracking-results/' || k.number
      WHEN 'La Poste' THEN 'https://www.laposte.fr/outils/suivre-vos-envois?code=' || k.number
      ELSE 'https://www.dhl.com/en/express/tracking.html?AWB=' || k.number END END AS tracking_url,
  CASE k.state WHEN 'unfulfilled' THEN '' ELSE k.state END AS tracking_status
FROM InvoiceLine l
JOIN Invoice i ON i.InvoiceId = l.InvoiceId
JOIN Customer c ON c.CustomerId = i.CustomerId
JOIN Track t ON t.TrackId = l.TrackId
LEFT JOIN Album al ON al.AlbumId = t.AlbumId
LEFT JOIN Artist ar ON ar.ArtistId = al.ArtistId
JOIN carrier k ON k.InvoiceId = i.InvoiceId
ORDER BY i.InvoiceId, l.InvoiceLineId)
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
FROM lines ORDER BY order_id, rn;
SQL
