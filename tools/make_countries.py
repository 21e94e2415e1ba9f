"""Regenerate src/sitroom/data/countries.json (ACLED-style country names + demonyms).

Names follow ACLED's country spelling; demonyms and short aliases are written by hand below.
Run: python tools/make_countries.py
"""
import json
import pathlib

import pycountry

ACLED_NAMES = {
    "BO": "Bolivia", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "CI": "Ivory Coast",
    "CZ": "Czech Republic", "FM": "Micronesia", "GB": "United Kingdom", "IR": "Iran", "KP": "North Korea",
    "KR": "South Korea", "LA": "Laos", "MD": "Moldova", "PS": "Palestine", "RU": "Russia", "SY": "Syria",
    "TW": "Taiwan", "TZ": "Tanzania", "US": "United States", "VE": "Venezuela", "VN": "Vietnam",
    "BN": "Brunei", "CV": "Cape Verde", "SZ": "eSwatini", "TR": "Turkey", "MK": "North Macedonia",
    "TL": "East Timor", "VA": "Vatican City", "XK": "Kosovo",
}
DEMONYMS = {
    "AF": ["Afghan"], "DZ": ["Algerian"], "AO": ["Angolan"], "AR": ["Argentine", "Argentinian"], "AM": ["Armenian"],
    "AU": ["Australian"], "AT": ["Austrian"], "AZ": ["Azerbaijani", "Azeri"], "BH": ["Bahraini"], "BD": ["Bangladeshi"],
    "BY": ["Belarusian"], "BE": ["Belgian"], "BJ": ["Beninese"], "BO": ["Bolivian"], "BA": ["Bosnian"], "BR": ["Brazilian"],
    "BF": ["Burkinabe", "Burkinabè"], "BI": ["Burundian"], "KH": ["Cambodian"], "CM": ["Cameroonian"], "CA": ["Canadian"],
    "CF": ["Central African"], "TD": ["Chadian"], "CL": ["Chilean"], "CN": ["Chinese"], "CO": ["Colombian"],
    "CD": ["Congolese"], "CU": ["Cuban"], "CY": ["Cypriot"], "DK": ["Danish"], "DJ": ["Djiboutian"], "EC": ["Ecuadorian"],
    "EG": ["Egyptian"], "SV": ["Salvadoran"], "ER": ["Eritrean"], "EE": ["Estonian"], "ET": ["Ethiopian"], "FI": ["Finnish"],
    "FR": ["French"], "GA": ["Gabonese"], "GM": ["Gambian"], "GE": ["Georgian"], "DE": ["German"], "GH": ["Ghanaian"],
    "GR": ["Greek"], "GT": ["Guatemalan"], "GN": ["Guinean"], "HT": ["Haitian"], "HN": ["Honduran"], "HU": ["Hungarian"],
    "IN": ["Indian"], "ID": ["Indonesian"], "IR": ["Iranian"], "IQ": ["Iraqi"], "IE": ["Irish"], "IL": ["Israeli"],
    "IT": ["Italian"], "CI": ["Ivorian"], "JM": ["Jamaican"], "JP": ["Japanese"], "JO": ["Jordanian"], "KZ": ["Kazakh"],
    "KE": ["Kenyan"], "KW": ["Kuwaiti"], "KG": ["Kyrgyz"], "LB": ["Lebanese"], "LR": ["Liberian"], "LY": ["Libyan"],
    "LT": ["Lithuanian"], "LV": ["Latvian"], "MG": ["Malagasy"], "MW": ["Malawian"], "MY": ["Malaysian"], "ML": ["Malian"],
    "MR": ["Mauritanian"], "MX": ["Mexican"], "MD": ["Moldovan"], "MN": ["Mongolian"], "ME": ["Montenegrin"],
    "MA": ["Moroccan"], "MZ": ["Mozambican"], "MM": ["Myanmar", "Burmese"], "NA": ["Namibian"], "NP": ["Nepali", "Nepalese"],
    "NL": ["Dutch"], "NZ": ["New Zealand"], "NI": ["Nicaraguan"], "NE": ["Nigerien"], "NG": ["Nigerian"],
    "KP": ["North Korean"], "NO": ["Norwegian"], "OM": ["Omani"], "PK": ["Pakistani"], "PS": ["Palestinian"],
    "PA": ["Panamanian"], "PG": ["Papua New Guinean"], "PY": ["Paraguayan"], "PE": ["Peruvian"], "PH": ["Filipino", "Philippine"],
    "PL": ["Polish"], "PT": ["Portuguese"], "QA": ["Qatari"], "RO": ["Romanian"], "RU": ["Russian"], "RW": ["Rwandan"],
    "SA": ["Saudi", "Saudi Arabian"], "SN": ["Senegalese"], "RS": ["Serbian"], "SL": ["Sierra Leonean"], "SO": ["Somali"],
    "ZA": ["South African"], "KR": ["South Korean"], "SS": ["South Sudanese"], "ES": ["Spanish"], "LK": ["Sri Lankan"],
    "SD": ["Sudanese"], "SE": ["Swedish"], "CH": ["Swiss"], "SY": ["Syrian"], "TW": ["Taiwanese"], "TJ": ["Tajik"],
    "TZ": ["Tanzanian"], "TH": ["Thai"], "TG": ["Togolese"], "TN": ["Tunisian"], "TR": ["Turkish"], "TM": ["Turkmen"],
    "UG": ["Ugandan"], "UA": ["Ukrainian"], "AE": ["Emirati", "UAE"], "GB": ["British", "UK"], "US": ["American", "US", "U.S."],
    "UY": ["Uruguayan"], "UZ": ["Uzbek"], "VE": ["Venezuelan"], "VN": ["Vietnamese"], "YE": ["Yemeni"], "ZM": ["Zambian"],
    "ZW": ["Zimbabwean"], "XK": ["Kosovar"], "SZ": ["Swazi"], "LS": ["Basotho"], "BW": ["Motswana"], "GW": ["Bissau-Guinean"],
}
ALIASES = {
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America", "the US", "the United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England"], "RU": ["Russian Federation"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of the Congo"], "CG": ["Congo-Brazzaville"],
    "SY": ["Syrian Arab Republic"], "IR": ["Islamic Republic of Iran"], "KR": ["Republic of Korea"],
    "KP": ["DPRK"], "MM": ["Burma"], "CI": ["Côte d'Ivoire", "Cote d'Ivoire"], "PS": ["Gaza", "West Bank", "Gaza Strip"],
    "AE": ["UAE", "United Arab Emirates", "Emirates"], "CF": ["CAR", "Central African Republic"], "TR": ["Turkiye", "Türkiye"],
    "SS": ["South Sudan"], "VN": ["Viet Nam"], "LA": ["Lao PDR"], "TZ": ["United Republic of Tanzania"],
}

out = {}
for c in pycountry.countries:
    code = c.alpha_2
    name = ACLED_NAMES.get(code) or getattr(c, "common_name", None) or c.name
    aliases = sorted({c.name, name, *(ALIASES.get(code, []))} - {name})
    out[code] = {"name": name, "demonyms": DEMONYMS.get(code, []), "aliases": aliases}
out["XK"] = {"name": "Kosovo", "demonyms": DEMONYMS["XK"], "aliases": []}
path = pathlib.Path(__file__).resolve().parents[1] / "src/sitroom/data/countries.json"
path.write_text(json.dumps({"version": 1, "source": "pycountry names, ACLED spellings, hand-written demonyms",
                            "countries": out}, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
print(len(out), "countries ->", path)
