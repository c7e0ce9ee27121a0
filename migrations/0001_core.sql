-- Core store configuration: currencies, countries, regions, providers, sales channels, publishable keys, tax rates.
-- Conventions: timestamps are ISO-8601 UTC text (sortable, serialized as-is); booleans are 0/1 integers;
-- metadata/data columns hold JSON text; money is integer minor units.

CREATE TABLE currency (
  code TEXT PRIMARY KEY,
  symbol TEXT NOT NULL,
  symbol_native TEXT NOT NULL,
  name TEXT NOT NULL
);

CREATE TABLE country (
  id INTEGER PRIMARY KEY,
  iso_2 TEXT NOT NULL UNIQUE,
  iso_3 TEXT NOT NULL,
  num_code INTEGER NOT NULL,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  region_id TEXT
);
CREATE INDEX idx_country_region ON country(region_id);

CREATE TABLE store (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT 'Medusa Store',
  default_currency_code TEXT NOT NULL DEFAULT 'usd',
  default_sales_channel_id TEXT,
  swap_link_template TEXT,
  payment_link_template TEXT,
  invite_link_template TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE store_currency (
  store_id TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  PRIMARY KEY (store_id, currency_code)
);

CREATE TABLE region (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  tax_rate REAL NOT NULL DEFAULT 0,
  tax_code TEXT,
  gift_cards_taxable INTEGER NOT NULL DEFAULT 1,
  automatic_taxes INTEGER NOT NULL DEFAULT 1,
  tax_provider_id TEXT,
  includes_tax INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_region_created ON region(created_at, id);

CREATE TABLE payment_provider (
  id TEXT PRIMARY KEY,
  is_installed INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE fulfillment_provider (
  id TEXT PRIMARY KEY,
  is_installed INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE region_payment_provider (
  region_id TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  PRIMARY KEY (region_id, provider_id)
);

CREATE TABLE region_fulfillment_provider (
  region_id TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  PRIMARY KEY (region_id, provider_id)
);

CREATE TABLE sales_channel (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  is_disabled INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE publishable_api_key (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_by TEXT,
  revoked_by TEXT,
  revoked_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE publishable_api_key_sales_channel (
  publishable_key_id TEXT NOT NULL,
  sales_channel_id TEXT NOT NULL,
  PRIMARY KEY (publishable_key_id, sales_channel_id)
);

-- Region tax-rate overrides (Medusa's tax_rate + its product / product type / shipping option links).
CREATE TABLE tax_rate (
  id TEXT PRIMARY KEY,
  rate REAL,
  code TEXT,
  name TEXT NOT NULL,
  region_id TEXT NOT NULL,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_tax_rate_region ON tax_rate(region_id);

CREATE TABLE product_tax_rate (
  product_id TEXT NOT NULL,
  rate_id TEXT NOT NULL,
  PRIMARY KEY (product_id, rate_id)
);
CREATE INDEX idx_product_tax_rate_rate ON product_tax_rate(rate_id);

CREATE TABLE product_type_tax_rate (
  product_type_id TEXT NOT NULL,
  rate_id TEXT NOT NULL,
  PRIMARY KEY (product_type_id, rate_id)
);
CREATE INDEX idx_product_type_tax_rate_rate ON product_type_tax_rate(rate_id);

CREATE TABLE shipping_tax_rate (
  shipping_option_id TEXT NOT NULL,
  rate_id TEXT NOT NULL,
  PRIMARY KEY (shipping_option_id, rate_id)
);
CREATE INDEX idx_shipping_tax_rate_rate ON shipping_tax_rate(rate_id);

INSERT INTO payment_provider (id, is_installed) VALUES ('manual', 1);
INSERT INTO fulfillment_provider (id, is_installed) VALUES ('manual', 1);

-- ISO country and currency reference data (the same ids Medusa v1 seeds).
INSERT INTO currency (code, symbol, symbol_native, name) VALUES ('aed', 'AED', 'د.إ.‏', 'United Arab Emirates Dirham'), ('afn', 'Af', '؋', 'Afghan Afghani'), ('all', 'ALL', 'Lek', 'Albanian Lek'), ('amd', 'AMD', 'դր.', 'Armenian Dram'), ('ars', 'AR$', '$', 'Argentine Peso'), ('aud', 'AU$', '$', 'Australian Dollar'), ('azn', 'man.', 'ман.', 'Azerbaijani Manat'), ('bam', 'KM', 'KM', 'Bosnia-Herzegovina Convertible Mark'), ('bdt', 'Tk', '৳', 'Bangladeshi Taka'), ('bgn', 'BGN', 'лв.', 'Bulgarian Lev'), ('bhd', 'BD', 'د.ب.‏', 'Bahraini Dinar'), ('bif', 'FBu', 'FBu', 'Burundian Franc'), ('bnd', 'BN$', '$', 'Brunei Dollar'), ('bob', 'Bs', 'Bs', 'Bolivian Boliviano'), ('brl', 'R$', 'R$', 'Brazilian Real'), ('bwp', 'BWP', 'P', 'Botswanan Pula'), ('byn', 'Br', 'руб.', 'Belarusian Ruble'), ('bzd', 'BZ$', '$', 'Belize Dollar'), ('cad', 'CA$', '$', 'Canadian Dollar'), ('cdf', 'CDF', 'FrCD', 'Congolese Franc'), ('chf', 'CHF', 'CHF', 'Swiss Franc'), ('clp', 'CL$', '$', 'Chilean Peso'), ('cny', 'CN¥', 'CN¥', 'Chinese Yuan'), ('cop', 'CO$', '$', 'Colombian Peso'), ('crc', '₡', '₡', 'Costa Rican Colón'), ('cve', 'CV$', 'CV$', 'Cape Verdean Escudo'), ('czk', 'Kč', 'Kč', 'Czech Republic Koruna'), ('djf', 'Fdj', 'Fdj', 'Djiboutian Franc'), ('dkk', 'Dkr', 'kr', 'Danish Krone'), ('dop', 'RD$', 'RD$', 'Dominican Peso'), ('dzd', 'DA', 'د.ج.‏', 'Algerian Dinar'), ('eek', 'Ekr', 'kr', 'Estonian Kroon'), ('egp', 'EGP', 'ج.م.‏', 'Egyptian Pound'), ('ern', 'Nfk', 'Nfk', 'Eritrean Nakfa'), ('etb', 'Br', 'Br', 'Ethiopian Birr'), ('eur', '€', '€', 'Euro'), ('gbp', '£', '£', 'British Pound Sterling'), ('gel', 'GEL', 'GEL', 'Georgian Lari'), ('ghs', 'GH₵', 'GH₵', 'Ghanaian Cedi'), ('gnf', 'FG', 'FG', 'Guinean Franc'), ('gtq', 'GTQ', 'Q', 'Guatemalan Quetzal'), ('hkd', 'HK$', '$', 'Hong Kong Dollar'), ('hnl', 'HNL', 'L', 'Honduran Lempira'), ('hrk', 'kn', 'kn', 'Croatian Kuna'), ('huf', 'Ft', 'Ft', 'Hungarian Forint'), ('idr', 'Rp', 'Rp', 'Indonesian Rupiah'), ('ils', '₪', '₪', 'Israeli New Sheqel'), ('inr', 'Rs', '₹', 'Indian Rupee'), ('iqd', 'IQD', 'د.ع.‏', 'Iraqi Dinar'), ('irr', 'IRR', '﷼', 'Iranian Rial'), ('isk', 'Ikr', 'kr', 'Icelandic Króna'), ('jmd', 'J$', '$', 'Jamaican Dollar'), ('jod', 'JD', 'د.أ.‏', 'Jordanian Dinar'), ('jpy', '¥', '￥', 'Japanese Yen'), ('kes', 'Ksh', 'Ksh', 'Kenyan Shilling'), ('khr', 'KHR', '៛', 'Cambodian Riel'), ('kmf', 'CF', 'FC', 'Comorian Franc'), ('krw', '₩', '₩', 'South Korean Won'), ('kwd', 'KD', 'د.ك.‏', 'Kuwaiti Dinar'), ('kzt', 'KZT', 'тңг.', 'Kazakhstani Tenge'), ('lbp', 'LB£', 'ل.ل.‏', 'Lebanese Pound'), ('lkr', 'SLRs', 'SL Re', 'Sri Lankan Rupee'), ('ltl', 'Lt', 'Lt', 'Lithuanian Litas'), ('lvl', 'Ls', 'Ls', 'Latvian Lats'), ('lyd', 'LD', 'د.ل.‏', 'Libyan Dinar'), ('mad', 'MAD', 'د.م.‏', 'Moroccan Dirham'), ('mdl', 'MDL', 'MDL', 'Moldovan Leu'), ('mga', 'MGA', 'MGA', 'Malagasy Ariary'), ('mkd', 'MKD', 'MKD', 'Macedonian Denar'), ('mmk', 'MMK', 'K', 'Myanma Kyat'), ('mnt', 'MNT', '₮', 'Mongolian Tugrig'), ('mop', 'MOP$', 'MOP$', 'Macanese Pataca'), ('mur', 'MURs', 'MURs', 'Mauritian Rupee'), ('mxn', 'MX$', '$', 'Mexican Peso'), ('myr', 'RM', 'RM', 'Malaysian Ringgit'), ('mzn', 'MTn', 'MTn', 'Mozambican Metical'), ('nad', 'N$', 'N$', 'Namibian Dollar'), ('ngn', '₦', '₦', 'Nigerian Naira'), ('nio', 'C$', 'C$', 'Nicaraguan Córdoba'), ('nok', 'Nkr', 'kr', 'Norwegian Krone'), ('npr', 'NPRs', 'नेरू', 'Nepalese Rupee'), ('nzd', 'NZ$', '$', 'New Zealand Dollar'), ('omr', 'OMR', 'ر.ع.‏', 'Omani Rial'), ('pab', 'B/.', 'B/.', 'Panamanian Balboa'), ('pen', 'S/.', 'S/.', 'Peruvian Nuevo Sol'), ('php', '₱', '₱', 'Philippine Peso'), ('pkr', 'PKRs', '₨', 'Pakistani Rupee'), ('pln', 'zł', 'zł', 'Polish Zloty'), ('pyg', '₲', '₲', 'Paraguayan Guarani'), ('qar', 'QR', 'ر.ق.‏', 'Qatari Rial'), ('ron', 'RON', 'RON', 'Romanian Leu'), ('rsd', 'din.', 'дин.', 'Serbian Dinar'), ('rub', 'RUB', '₽.', 'Russian Ruble'), ('rwf', 'RWF', 'FR', 'Rwandan Franc'), ('sar', 'SR', 'ر.س.‏', 'Saudi Riyal'), ('sdg', 'SDG', 'SDG', 'Sudanese Pound'), ('sek', 'Skr', 'kr', 'Swedish Krona'), ('sgd', 'S$', '$', 'Singapore Dollar'), ('sos', 'Ssh', 'Ssh', 'Somali Shilling'), ('syp', 'SY£', 'ل.س.‏', 'Syrian Pound'), ('thb', '฿', '฿', 'Thai Baht'), ('tnd', 'DT', 'د.ت.‏', 'Tunisian Dinar'), ('top', 'T$', 'T$', 'Tongan Paʻanga'), ('try', 'TL', 'TL', 'Turkish Lira'), ('ttd', 'TT$', '$', 'Trinidad and Tobago Dollar'), ('twd', 'NT$', 'NT$', 'New Taiwan Dollar'), ('tzs', 'TSh', 'TSh', 'Tanzanian Shilling'), ('uah', '₴', '₴', 'Ukrainian Hryvnia'), ('ugx', 'USh', 'USh', 'Ugandan Shilling'), ('usd', '$', '$', 'US Dollar'), ('uyu', '$U', '$', 'Uruguayan Peso'), ('uzs', 'UZS', 'UZS', 'Uzbekistan Som'), ('vef', 'Bs.F.', 'Bs.F.', 'Venezuelan Bolívar'), ('vnd', '₫', '₫', 'Vietnamese Dong'), ('xaf', 'FCFA', 'FCFA', 'CFA Franc BEAC'), ('xof', 'CFA', 'CFA', 'CFA Franc BCEAO'), ('yer', 'YR', 'ر.ي.‏', 'Yemeni Rial'), ('zar', 'R', 'R', 'South African Rand'), ('zmk', 'ZK', 'ZK', 'Zambian Kwacha'), ('zwl', 'ZWL$', 'ZWL$', 'Zimbabwean Dollar');

INSERT INTO country (id, iso_2, iso_3, num_code, name, display_name) VALUES (1, 'af', 'afg', 4, 'AFGHANISTAN', 'Afghanistan'), (2, 'al', 'alb', 8, 'ALBANIA', 'Albania'), (3, 'dz', 'dza', 12, 'ALGERIA', 'Algeria'), (4, 'as', 'asm', 16, 'AMERICAN SAMOA', 'American Samoa'), (5, 'ad', 'and', 20, 'ANDORRA', 'Andorra'), (6, 'ao', 'ago', 24, 'ANGOLA', 'Angola'), (7, 'ai', 'aia', 660, 'ANGUILLA', 'Anguilla'), (8, 'aq', 'ata', 10, 'ANTARCTICA', 'Antarctica'), (9, 'ag', 'atg', 28, 'ANTIGUA AND BARBUDA', 'Antigua and Barbuda'), (10, 'ar', 'arg', 32, 'ARGENTINA', 'Argentina'), (11, 'am', 'arm', 51, 'ARMENIA', 'Armenia'), (12, 'aw', 'abw', 533, 'ARUBA', 'Aruba'), (13, 'au', 'aus', 36, 'AUSTRALIA', 'Australia'), (14, 'at', 'aut', 40, 'AUSTRIA', 'Austria'), (15, 'az', 'aze', 31, 'AZERBAIJAN', 'Azerbaijan'), (16, 'bs', 'bhs', 44, 'BAHAMAS', 'Bahamas'), (17, 'bh', 'bhr', 48, 'BAHRAIN', 'Bahrain'), (18, 'bd', 'bgd', 50, 'BANGLADESH', 'Bangladesh'), (19, 'bb', 'brb', 52, 'BARBADOS', 'Barbados'), (20, 'by', 'blr', 112, 'BELARUS', 'Belarus'), (21, 'be', 'bel', 56, 'BELGIUM', 'Belgium'), (22, 'bz', 'blz', 84, 'BELIZE', 'Belize'), (23, 'bj', 'ben', 204, 'BENIN', 'Benin'), (24, 'bm', 'bmu', 60, 'BERMUDA', 'Bermuda'), (25, 'bt', 'btn', 64, 'BHUTAN', 'Bhutan'), (26, 'bo', 'bol', 68, 'BOLIVIA', 'Bolivia'), (27, 'bq', 'bes', 535, 'BONAIRE, SINT EUSTATIUS AND SABA', 'Bonaire, Sint Eustatius and Saba'), (28, 'ba', 'bih', 70, 'BOSNIA AND HERZEGOVINA', 'Bosnia and Herzegovina'), (29, 'bw', 'bwa', 72, 'BOTSWANA', 'Botswana'), (30, 'bv', 'bvd', 74, 'BOUVET ISLAND', 'Bouvet Island'), (31, 'br', 'bra', 76, 'BRAZIL', 'Brazil'), (32, 'io', 'iot', 86, 'BRITISH INDIAN OCEAN TERRITORY', 'British Indian Ocean Territory'), (33, 'bn', 'brn', 96, 'BRUNEI DARUSSALAM', 'Brunei Darussalam'), (34, 'bg', 'bgr', 100, 'BULGARIA', 'Bulgaria'), (35, 'bf', 'bfa', 854, 'BURKINA FASO', 'Burkina Faso'), (36, 'bi', 'bdi', 108, 'BURUNDI', 'Burundi'), (37, 'kh', 'khm', 116, 'CAMBODIA', 'Cambodia'), (38, 'cm', 'cmr', 120, 'CAMEROON', 'Cameroon'), (39, 'ca', 'can', 124, 'CANADA', 'Canada'), (40, 'cv', 'cpv', 132, 'CAPE VERDE', 'Cape Verde'), (41, 'ky', 'cym', 136, 'CAYMAN ISLANDS', 'Cayman Islands'), (42, 'cf', 'caf', 140, 'CENTRAL AFRICAN REPUBLIC', 'Central African Republic'), (43, 'td', 'tcd', 148, 'CHAD', 'Chad'), (44, 'cl', 'chl', 152, 'CHILE', 'Chile'), (45, 'cn', 'chn', 156, 'CHINA', 'China'), (46, 'cx', 'cxr', 162, 'CHRISTMAS ISLAND', 'Christmas Island'), (47, 'cc', 'cck', 166, 'COCOS (KEELING) ISLANDS', 'Cocos (Keeling) Islands'), (48, 'co', 'col', 170, 'COLOMBIA', 'Colombia'), (49, 'km', 'com', 174, 'COMOROS', 'Comoros'), (50, 'cg', 'cog', 178, 'CONGO', 'Congo'), (51, 'cd', 'cod', 180, 'CONGO, THE DEMOCRATIC REPUBLIC OF THE', 'Congo, the Democratic Republic of the'), (52, 'ck', 'cok', 184, 'COOK ISLANDS', 'Cook Islands'), (53, 'cr', 'cri', 188, 'COSTA RICA', 'Costa Rica'), (54, 'ci', 'civ', 384, 'COTE D''IVOIRE', 'Cote D''Ivoire'), (55, 'hr', 'hrv', 191, 'CROATIA', 'Croatia'), (56, 'cu', 'cub', 192, 'CUBA', 'Cuba'), (57, 'cw', 'cuw', 531, 'CURAÇAO', 'Curaçao'), (58, 'cy', 'cyp', 196, 'CYPRUS', 'Cyprus'), (59, 'cz', 'cze', 203, 'CZECH REPUBLIC', 'Czech Republic'), (60, 'dk', 'dnk', 208, 'DENMARK', 'Denmark'), (61, 'dj', 'dji', 262, 'DJIBOUTI', 'Djibouti'), (62, 'dm', 'dma', 212, 'DOMINICA', 'Dominica'), (63, 'do', 'dom', 214, 'DOMINICAN REPUBLIC', 'Dominican Republic'), (64, 'ec', 'ecu', 218, 'ECUADOR', 'Ecuador'), (65, 'eg', 'egy', 818, 'EGYPT', 'Egypt'), (66, 'sv', 'slv', 222, 'EL SALVADOR', 'El Salvador'), (67, 'gq', 'gnq', 226, 'EQUATORIAL GUINEA', 'Equatorial Guinea'), (68, 'er', 'eri', 232, 'ERITREA', 'Eritrea'), (69, 'ee', 'est', 233, 'ESTONIA', 'Estonia'), (70, 'et', 'eth', 231, 'ETHIOPIA', 'Ethiopia'), (71, 'fk', 'flk', 238, 'FALKLAND ISLANDS (MALVINAS)', 'Falkland Islands (Malvinas)'), (72, 'fo', 'fro', 234, 'FAROE ISLANDS', 'Faroe Islands'), (73, 'fj', 'fji', 242, 'FIJI', 'Fiji'), (74, 'fi', 'fin', 246, 'FINLAND', 'Finland'), (75, 'fr', 'fra', 250, 'FRANCE', 'France'), (76, 'gf', 'guf', 254, 'FRENCH GUIANA', 'French Guiana'), (77, 'pf', 'pyf', 258, 'FRENCH POLYNESIA', 'French Polynesia'), (78, 'tf', 'atf', 260, 'FRENCH SOUTHERN TERRITORIES', 'French Southern Territories'), (79, 'ga', 'gab', 266, 'GABON', 'Gabon'), (80, 'gm', 'gmb', 270, 'GAMBIA', 'Gambia'), (81, 'ge', 'geo', 268, 'GEORGIA', 'Georgia'), (82, 'de', 'deu', 276, 'GERMANY', 'Germany'), (83, 'gh', 'gha', 288, 'GHANA', 'Ghana'), (84, 'gi', 'gib', 292, 'GIBRALTAR', 'Gibraltar'), (85, 'gr', 'grc', 300, 'GREECE', 'Greece'), (86, 'gl', 'grl', 304, 'GREENLAND', 'Greenland'), (87, 'gd', 'grd', 308, 'GRENADA', 'Grenada'), (88, 'gp', 'glp', 312, 'GUADELOUPE', 'Guadeloupe'), (89, 'gu', 'gum', 316, 'GUAM', 'Guam'), (90, 'gt', 'gtm', 320, 'GUATEMALA', 'Guatemala'), (91, 'gg', 'ggy', 831, 'GUERNSEY', 'Guernsey'), (92, 'gn', 'gin', 324, 'GUINEA', 'Guinea'), (93, 'gw', 'gnb', 624, 'GUINEA-BISSAU', 'Guinea-Bissau'), (94, 'gy', 'guy', 328, 'GUYANA', 'Guyana'), (95, 'ht', 'hti', 332, 'HAITI', 'Haiti'), (96, 'hm', 'hmd', 334, 'HEARD ISLAND AND MCDONALD ISLANDS', 'Heard Island And Mcdonald Islands'), (97, 'va', 'vat', 336, 'HOLY SEE (VATICAN CITY STATE)', 'Holy See (Vatican City State)'), (98, 'hn', 'hnd', 340, 'HONDURAS', 'Honduras'), (99, 'hk', 'hkg', 344, 'HONG KONG', 'Hong Kong'), (100, 'hu', 'hun', 348, 'HUNGARY', 'Hungary'), (101, 'is', 'isl', 352, 'ICELAND', 'Iceland'), (102, 'in', 'ind', 356, 'INDIA', 'India'), (103, 'id', 'idn', 360, 'INDONESIA', 'Indonesia'), (104, 'ir', 'irn', 364, 'IRAN, ISLAMIC REPUBLIC OF', 'Iran, Islamic Republic of'), (105, 'iq', 'irq', 368, 'IRAQ', 'Iraq'), (106, 'ie', 'irl', 372, 'IRELAND', 'Ireland'), (107, 'im', 'imn', 833, 'ISLE OF MAN', 'Isle Of Man'), (108, 'il', 'isr', 376, 'ISRAEL', 'Israel'), (109, 'it', 'ita', 380, 'ITALY', 'Italy'), (110, 'jm', 'jam', 388, 'JAMAICA', 'Jamaica'), (111, 'jp', 'jpn', 392, 'JAPAN', 'Japan'), (112, 'je', 'jey', 832, 'JERSEY', 'Jersey'), (113, 'jo', 'jor', 400, 'JORDAN', 'Jordan'), (114, 'kz', 'kaz', 398, 'KAZAKHSTAN', 'Kazakhstan'), (115, 'ke', 'ken', 404, 'KENYA', 'Kenya'), (116, 'ki', 'kir', 296, 'KIRIBATI', 'Kiribati'), (117, 'kp', 'prk', 408, 'KOREA, DEMOCRATIC PEOPLE''S REPUBLIC OF', 'Korea, Democratic People''s Republic of'), (118, 'kr', 'kor', 410, 'KOREA, REPUBLIC OF', 'Korea, Republic of'), (119, 'xk', 'xkx', 900, 'KOSOVO', 'Kosovo'), (120, 'kw', 'kwt', 414, 'KUWAIT', 'Kuwait'), (121, 'kg', 'kgz', 417, 'KYRGYZSTAN', 'Kyrgyzstan'), (122, 'la', 'lao', 418, 'LAO PEOPLE''S DEMOCRATIC REPUBLIC', 'Lao People''s Democratic Republic'), (123, 'lv', 'lva', 428, 'LATVIA', 'Latvia'), (124, 'lb', 'lbn', 422, 'LEBANON', 'Lebanon'), (125, 'ls', 'lso', 426, 'LESOTHO', 'Lesotho'), (126, 'lr', 'lbr', 430, 'LIBERIA', 'Liberia'), (127, 'ly', 'lby', 434, 'LIBYA', 'Libya'), (128, 'li', 'lie', 438, 'LIECHTENSTEIN', 'Liechtenstein'), (129, 'lt', 'ltu', 440, 'LITHUANIA', 'Lithuania'), (130, 'lu', 'lux', 442, 'LUXEMBOURG', 'Luxembourg'), (131, 'mo', 'mac', 446, 'MACAO', 'Macao'), (132, 'mk', 'mkd', 807, 'MACEDONIA, THE FORMER YUGOSLAV REPUBLIC OF', 'Macedonia, the Former Yugoslav Republic of'), (133, 'mg', 'mdg', 450, 'MADAGASCAR', 'Madagascar'), (134, 'mw', 'mwi', 454, 'MALAWI', 'Malawi'), (135, 'my', 'mys', 458, 'MALAYSIA', 'Malaysia'), (136, 'mv', 'mdv', 462, 'MALDIVES', 'Maldives'), (137, 'ml', 'mli', 466, 'MALI', 'Mali'), (138, 'mt', 'mlt', 470, 'MALTA', 'Malta'), (139, 'mh', 'mhl', 584, 'MARSHALL ISLANDS', 'Marshall Islands'), (140, 'mq', 'mtq', 474, 'MARTINIQUE', 'Martinique'), (141, 'mr', 'mrt', 478, 'MAURITANIA', 'Mauritania'), (142, 'mu', 'mus', 480, 'MAURITIUS', 'Mauritius'), (143, 'yt', 'myt', 175, 'MAYOTTE', 'Mayotte'), (144, 'mx', 'mex', 484, 'MEXICO', 'Mexico'), (145, 'fm', 'fsm', 583, 'MICRONESIA, FEDERATED STATES OF', 'Micronesia, Federated States of'), (146, 'md', 'mda', 498, 'MOLDOVA, REPUBLIC OF', 'Moldova, Republic of'), (147, 'mc', 'mco', 492, 'MONACO', 'Monaco'), (148, 'mn', 'mng', 496, 'MONGOLIA', 'Mongolia'), (149, 'me', 'mne', 499, 'MONTENEGRO', 'Montenegro'), (150, 'ms', 'msr', 500, 'MONTSERRAT', 'Montserrat'), (151, 'ma', 'mar', 504, 'MOROCCO', 'Morocco'), (152, 'mz', 'moz', 508, 'MOZAMBIQUE', 'Mozambique'), (153, 'mm', 'mmr', 104, 'MYANMAR', 'Myanmar'), (154, 'na', 'nam', 516, 'NAMIBIA', 'Namibia'), (155, 'nr', 'nru', 520, 'NAURU', 'Nauru'), (156, 'np', 'npl', 524, 'NEPAL', 'Nepal'), (157, 'nl', 'nld', 528, 'NETHERLANDS', 'Netherlands'), (158, 'nc', 'ncl', 540, 'NEW CALEDONIA', 'New Caledonia'), (159, 'nz', 'nzl', 554, 'NEW ZEALAND', 'New Zealand'), (160, 'ni', 'nic', 558, 'NICARAGUA', 'Nicaragua'), (161, 'ne', 'ner', 562, 'NIGER', 'Niger'), (162, 'ng', 'nga', 566, 'NIGERIA', 'Nigeria'), (163, 'nu', 'niu', 570, 'NIUE', 'Niue'), (164, 'nf', 'nfk', 574, 'NORFOLK ISLAND', 'Norfolk Island'), (165, 'mp', 'mnp', 580, 'NORTHERN MARIANA ISLANDS', 'Northern Mariana Islands'), (166, 'no', 'nor', 578, 'NORWAY', 'Norway'), (167, 'om', 'omn', 512, 'OMAN', 'Oman'), (168, 'pk', 'pak', 586, 'PAKISTAN', 'Pakistan'), (169, 'pw', 'plw', 585, 'PALAU', 'Palau'), (170, 'ps', 'pse', 275, 'PALESTINIAN TERRITORY, OCCUPIED', 'Palestinian Territory, Occupied'), (171, 'pa', 'pan', 591, 'PANAMA', 'Panama'), (172, 'pg', 'png', 598, 'PAPUA NEW GUINEA', 'Papua New Guinea'), (173, 'py', 'pry', 600, 'PARAGUAY', 'Paraguay'), (174, 'pe', 'per', 604, 'PERU', 'Peru'), (175, 'ph', 'phl', 608, 'PHILIPPINES', 'Philippines'), (176, 'pn', 'pcn', 612, 'PITCAIRN', 'Pitcairn'), (177, 'pl', 'pol', 616, 'POLAND', 'Poland'), (178, 'pt', 'prt', 620, 'PORTUGAL', 'Portugal'), (179, 'pr', 'pri', 630, 'PUERTO RICO', 'Puerto Rico'), (180, 'qa', 'qat', 634, 'QATAR', 'Qatar'), (181, 're', 'reu', 638, 'REUNION', 'Reunion'), (182, 'ro', 'rom', 642, 'ROMANIA', 'Romania'), (183, 'ru', 'rus', 643, 'RUSSIAN FEDERATION', 'Russian Federation'), (184, 'rw', 'rwa', 646, 'RWANDA', 'Rwanda'), (185, 'bl', 'blm', 652, 'SAINT BARTHÉLEMY', 'Saint Barthélemy'), (186, 'sh', 'shn', 654, 'SAINT HELENA', 'Saint Helena'), (187, 'kn', 'kna', 659, 'SAINT KITTS AND NEVIS', 'Saint Kitts and Nevis'), (188, 'lc', 'lca', 662, 'SAINT LUCIA', 'Saint Lucia'), (189, 'mf', 'maf', 663, 'SAINT MARTIN (FRENCH PART)', 'Saint Martin (French part)'), (190, 'pm', 'spm', 666, 'SAINT PIERRE AND MIQUELON', 'Saint Pierre and Miquelon'), (191, 'vc', 'vct', 670, 'SAINT VINCENT AND THE GRENADINES', 'Saint Vincent and the Grenadines'), (192, 'ws', 'wsm', 882, 'SAMOA', 'Samoa'), (193, 'sm', 'smr', 674, 'SAN MARINO', 'San Marino'), (194, 'st', 'stp', 678, 'SAO TOME AND PRINCIPE', 'Sao Tome and Principe'), (195, 'sa', 'sau', 682, 'SAUDI ARABIA', 'Saudi Arabia'), (196, 'sn', 'sen', 686, 'SENEGAL', 'Senegal'), (197, 'rs', 'srb', 688, 'SERBIA', 'Serbia'), (198, 'sc', 'syc', 690, 'SEYCHELLES', 'Seychelles'), (199, 'sl', 'sle', 694, 'SIERRA LEONE', 'Sierra Leone'), (200, 'sg', 'sgp', 702, 'SINGAPORE', 'Singapore'), (201, 'sx', 'sxm', 534, 'SINT MAARTEN', 'Sint Maarten'), (202, 'sk', 'svk', 703, 'SLOVAKIA', 'Slovakia'), (203, 'si', 'svn', 705, 'SLOVENIA', 'Slovenia'), (204, 'sb', 'slb', 90, 'SOLOMON ISLANDS', 'Solomon Islands'), (205, 'so', 'som', 706, 'SOMALIA', 'Somalia'), (206, 'za', 'zaf', 710, 'SOUTH AFRICA', 'South Africa'), (207, 'gs', 'sgs', 239, 'SOUTH GEORGIA AND THE SOUTH SANDWICH ISLANDS', 'South Georgia and the South Sandwich Islands'), (208, 'ss', 'ssd', 728, 'SOUTH SUDAN', 'South Sudan'), (209, 'es', 'esp', 724, 'SPAIN', 'Spain'), (210, 'lk', 'lka', 144, 'SRI LANKA', 'Sri Lanka'), (211, 'sd', 'sdn', 729, 'SUDAN', 'Sudan'), (212, 'sr', 'sur', 740, 'SURINAME', 'Suriname'), (213, 'sj', 'sjm', 744, 'SVALBARD AND JAN MAYEN', 'Svalbard and Jan Mayen'), (214, 'sz', 'swz', 748, 'SWAZILAND', 'Swaziland'), (215, 'se', 'swe', 752, 'SWEDEN', 'Sweden'), (216, 'ch', 'che', 756, 'SWITZERLAND', 'Switzerland'), (217, 'sy', 'syr', 760, 'SYRIAN ARAB REPUBLIC', 'Syrian Arab Republic'), (218, 'tw', 'twn', 158, 'TAIWAN, PROVINCE OF CHINA', 'Taiwan, Province of China'), (219, 'tj', 'tjk', 762, 'TAJIKISTAN', 'Tajikistan'), (220, 'tz', 'tza', 834, 'TANZANIA, UNITED REPUBLIC OF', 'Tanzania, United Republic of'), (221, 'th', 'tha', 764, 'THAILAND', 'Thailand'), (222, 'tl', 'tls', 626, 'TIMOR LESTE', 'Timor Leste'), (223, 'tg', 'tgo', 768, 'TOGO', 'Togo'), (224, 'tk', 'tkl', 772, 'TOKELAU', 'Tokelau'), (225, 'to', 'ton', 776, 'TONGA', 'Tonga'), (226, 'tt', 'tto', 780, 'TRINIDAD AND TOBAGO', 'Trinidad and Tobago'), (227, 'tn', 'tun', 788, 'TUNISIA', 'Tunisia'), (228, 'tr', 'tur', 792, 'TURKEY', 'Turkey'), (229, 'tm', 'tkm', 795, 'TURKMENISTAN', 'Turkmenistan'), (230, 'tc', 'tca', 796, 'TURKS AND CAICOS ISLANDS', 'Turks and Caicos Islands'), (231, 'tv', 'tuv', 798, 'TUVALU', 'Tuvalu'), (232, 'ug', 'uga', 800, 'UGANDA', 'Uganda'), (233, 'ua', 'ukr', 804, 'UKRAINE', 'Ukraine'), (234, 'ae', 'are', 784, 'UNITED ARAB EMIRATES', 'United Arab Emirates'), (235, 'gb', 'gbr', 826, 'UNITED KINGDOM', 'United Kingdom'), (236, 'us', 'usa', 840, 'UNITED STATES', 'United States'), (237, 'um', 'umi', 581, 'UNITED STATES MINOR OUTLYING ISLANDS', 'United States Minor Outlying Islands'), (238, 'uy', 'ury', 858, 'URUGUAY', 'Uruguay'), (239, 'uz', 'uzb', 860, 'UZBEKISTAN', 'Uzbekistan'), (240, 'vu', 'vut', 548, 'VANUATU', 'Vanuatu'), (241, 've', 'ven', 862, 'VENEZUELA', 'Venezuela'), (242, 'vn', 'vnm', 704, 'VIET NAM', 'Viet Nam'), (243, 'vg', 'vgb', 92, 'VIRGIN ISLANDS, BRITISH', 'Virgin Islands, British'), (244, 'vi', 'vir', 850, 'VIRGIN ISLANDS, U.S.', 'Virgin Islands, U.S.'), (245, 'wf', 'wlf', 876, 'WALLIS AND FUTUNA', 'Wallis and Futuna'), (246, 'eh', 'esh', 732, 'WESTERN SAHARA', 'Western Sahara'), (247, 'ye', 'yem', 887, 'YEMEN', 'Yemen'), (248, 'zm', 'zmb', 894, 'ZAMBIA', 'Zambia'), (249, 'zw', 'zwe', 716, 'ZIMBABWE', 'Zimbabwe'), (250, 'ax', 'ala', 248, 'ÅLAND ISLANDS', 'Åland Islands');

