"""The words of name finding: capitalised words that are never names, titles that stand before a
person's name in any language, and the patterns that complete a product family's name with its model.
``bot.core.names`` reads them; nothing here does any work."""

from __future__ import annotations

import re

from bot.core.text import fold

# Capitalised words that are not names even mid-sentence: days, months, honorifics, pronouns, currencies,
# and the words pages capitalise as furniture.
NOT_NAMES = {
    fold(w)
    for w in (
        "I Il Lo La Le Gli Un Una The A An Der Die Das Ein Eine Le La Les Un Une El Los Las Mr Mrs Ms Dr "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "Feb Apr Aug Sep Sept Oct Nov Dec "  # abbreviated months (not Jan, Jun: given names)
        "July August September October November December Lunedì Martedì Mercoledì Giovedì Venerdì Sabato "
        "Domenica Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Novembre "
        "Dicembre Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Mai Juni "
        "Juli Oktober Dezember Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier Février Mars Avril "
        "Juin Juillet Août Septembre Octobre Novembre Décembre Lunes Martes Miércoles Jueves Viernes Sábado "
        "Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre Mai "
        "Ich Sie Er Wir Ihr Je Nous Vous Il Elle Ils Yo Usted Io Lui Lei Noi Voi Loro We You He She They It "
        "Share Tweet Pin Foto Photo Video Copyright Cookie Cookies Home News Leggi Read Mehr Lire Leer Più "
        "Euro Euros Dollar Dollars Yuan Renminbi Yen Pfund Sterling Franken Rupee Rupees Rs Pc Ltd Inc Co Corp "
        "Mrd Mio Mln Mld Prof Sig Dott On Off Pro Plus Max Ultra Mini Lite Ok Click Clicca Qui Here Hier Ici Aquí "
        "Ceo Cfo Cto Coo Ipo Ai Usa Ue Eu Pil Gdp Bip Pib Pm Am Gmt Utc Cet Ok Tv Pdf Faq Vs Via "
        # Acronyms of common nouns: a vehicle class, a machine, a tax, a code, a unit.
        "Suv Suvs Ev Evs Bev Bevs Atm Pin Qr Gps Sms Usb Led Lcd Vat Iva Tva Mwst Ust Dna Rna Kw Kwh Mw Gw Mwh "
        "Gb Mb Tb Cpu Gpu Ram Pc Pcs Hiv Covid Iot Api Apis Saas Esg Kpi Roi Ebitda Eps Pmi Cpi Hr Pr Ufo Vip Vips "
        # ...and of technologies and kinds of product the payment and games pages write in capitals.
        "Nfc Sns Bnpl Moba Mmorpg Rpg Gwh Twh Wib Wita Wit "
        "Redazione Redaktion Rédaction Redacción Newsletter"
    ).split()
}
# Words that stand before a person's name in any of our languages, so that no frequency list calls them
# common in one language only ("Chef" is a cook in English and a boss in German and French).
TITLES = {
    fold(w)
    for w in (
        "Chef Boss Coach Manager President Presidente Président Präsident Minister Ministro Ministre Senator "
        "Senatore Sénateur Governor Governatore Mayor Sindaco Maire Bürgermeister Alcalde Judge Giudice Juge "
        "Richter Juez Captain Capitano Kapitän Capitán Doctor Dottore Docteur Doktor Professor Professore "
        "Professeur Profesor Sir Dame Madame Monsieur Herr Frau Señor Señora Signor Signora CEO Founder "
        "Fondatore Gründer Fondateur Fundador Chairman Chairwoman Rapper Actor Actress Attore Attrice Regista "
        "Sänger Schauspieler Acteur Actrice Chanteur Chanteuse Actriz "
        # Malay and Indonesian offices and honorifics ("Perdana Menteri Datuk Seri Anwar Ibrahim", "Gubernur
        # Bank Indonesia"), Filipino and Swahili forms of address: capitalised before a name, never part of it.
        "Menteri Pengarah Direktur Gubernur Bupati Presiden Datuk Dato Datin Seri Tun Haji Hajjah Encik Puan "
        "Tuan Bapak Pak Ibu Ginoong Ginang Waziri Bwana Dkt"
    ).split()
}
_EDITIONS = r"(?:[ \u00a0](?:Pro|Plus|Max|Ultra|Mini|Lite|Air|Neo|Edge|Fold|Flip|Turbo|NEXT|Next))*"
# What follows a product family to name one model: iPhone 15 Pro, Apple Watch Series 9, Xiaomi SU7 Ultra,
# Huawei Mate X6, Huawei Mate XT, Kirin 9030 (four digits, but not a year; a network's 5G is no model). On the same line: a number opening
# the next line is a date or a count.
PRODUCT_SUFFIX = re.compile(
    r"(?:[ \u00a0](?:(?:Series|Serie)[ \u00a0])?(?!\dG(?![A-Za-z0-9]))(?:(?:\d{1,3}|(?!19|20)\d{4})[a-zA-Z]?|[IVX]{1,4}|[A-Z]{1,2}\d{1,3}[a-zA-Z]?|SE|X[A-Z])"
    r"(?![.,]?[A-Za-z0-9]))?" + _EDITIONS
    + r"(?![A-Za-z0-9])"
)
# What follows a maker to name a model: 华为Pura 80, Xiaomi Redmi 13, Samsung Galaxy S24 Ultra, 小米YU7, Nvidia
# H20 (a code of letters and digits, but not a quarter or a half-year: Alibaba Q2, Tencent H1, FY25).
MAKER_MODEL = re.compile(
    r"(?:[ \u00a0]?[A-Z][A-Za-z]{1,10}[ \u00a0][A-Z]?\d{1,3}[a-zA-Z]?"
    r"|[ \u00a0]?(?!(?:Q[1-4]|H[12]|FY\d{2,4})(?![A-Za-z0-9]))[A-Z]{1,3}\d{1,3}[a-zA-Z]?)"
    r"(?![.,]?[A-Za-z0-9])" + _EDITIONS + r"(?![A-Za-z0-9])"
)



# A saint's name opens a place or a club's name ("San Jose Earthquakes", "São Paulo", "St Pancras"): it is
# no office to strip before a person's name, though Spanish and Italian count "San" among their common words.
SAINTS = {"san", "santa", "santo", "sao", "saint", "sainte", "st", "ste", "sankt", "sant", "sint"}
