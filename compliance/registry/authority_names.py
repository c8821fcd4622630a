"""The names of the supervisory authorities of ``reference_data/authorities.csv``, marked for
the catalogs.

An authority's name is shown in the reader's language through ``names.authority_name``
(context "supervisory authority"); listing the seeded names here lets ``makemessages`` keep
their German and Japanese entries. A test keeps this list equal to the names in
``authorities.csv``: rename an authority in both, and its catalog entries with them.
"""

from __future__ import annotations


def pgettext(context: str, message: str) -> str:
    """Marks ``message`` for the catalogs and returns it untranslated (Django has
    ``gettext_noop`` but no contextual counterpart): ``makemessages`` collects every call named
    ``pgettext`` with its context. The translation happens at display time, in
    ``names.authority_name``."""
    return message


AUTHORITY_NAMES = (
    # at_dsb
    pgettext(
        "supervisory authority",
        "Austrian Data Protection Authority (Datenschutzbehörde)",
    ),
    # be_apd_gba
    pgettext(
        "supervisory authority",
        "Belgian Data Protection Authority (Autorité de protection des données / "
        "Gegevensbeschermingsautoriteit)",
    ),
    pgettext("supervisory authority", "Commission for Personal Data Protection"),  # bg_cpdp
    pgettext("supervisory authority", "Croatian Personal Data Protection Agency"),  # hr_azop
    # cy_commissioner
    pgettext(
        "supervisory authority",
        "Office of the Commissioner for Personal Data Protection",
    ),
    pgettext("supervisory authority", "Office for Personal Data Protection"),  # cz_uoou
    pgettext("supervisory authority", "Danish Data Protection Agency"),  # dk_datatilsynet
    pgettext("supervisory authority", "Estonian Data Protection Inspectorate"),  # ee_aki
    # fi_ombudsman
    pgettext(
        "supervisory authority",
        "Office of the Data Protection Ombudsman",
    ),
    # fr_cnil
    pgettext(
        "supervisory authority",
        "Commission nationale de l'informatique et des libertés (French Data Protection Authority)",
    ),
    pgettext("supervisory authority", "Hellenic Data Protection Authority"),  # gr_hdpa
    # hu_naih
    pgettext(
        "supervisory authority",
        "Hungarian National Authority for Data Protection and Freedom of Information",
    ),
    pgettext("supervisory authority", "Data Protection Commission"),  # ie_dpc
    # it_garante
    pgettext(
        "supervisory authority",
        "Italian Data Protection Authority (Garante per la protezione dei dati personali)",
    ),
    pgettext("supervisory authority", "Data State Inspectorate"),  # lv_dvi
    pgettext("supervisory authority", "State Data Protection Inspectorate"),  # lt_vdai
    pgettext("supervisory authority", "National Commission for Data Protection"),  # lu_cnpd
    # mt_idpc
    pgettext(
        "supervisory authority",
        "Office of the Information and Data Protection Commissioner",
    ),
    # nl_ap
    pgettext(
        "supervisory authority",
        "Dutch Data Protection Authority (Autoriteit Persoonsgegevens)",
    ),
    pgettext("supervisory authority", "Personal Data Protection Office"),  # pl_uodo
    pgettext("supervisory authority", "National Data Protection Commission"),  # pt_cnpd
    # ro_anspdcp
    pgettext(
        "supervisory authority",
        "National Supervisory Authority for Personal Data Processing",
    ),
    # sk_uoou
    pgettext(
        "supervisory authority",
        "Office for Personal Data Protection of the Slovak Republic",
    ),
    # si_ip
    pgettext(
        "supervisory authority",
        "Information Commissioner of the Republic of Slovenia",
    ),
    pgettext("supervisory authority", "Spanish Data Protection Agency"),  # es_aepd
    pgettext("supervisory authority", "Swedish Authority for Privacy Protection"),  # se_imy
    # is_personuvernd
    pgettext(
        "supervisory authority",
        "Icelandic Data Protection Authority",
    ),
    # li_dss
    pgettext(
        "supervisory authority",
        "Data Protection Authority of the Principality of Liechtenstein",
    ),
    # no_datatilsynet
    pgettext(
        "supervisory authority",
        "Norwegian Data Protection Authority",
    ),
    # de_bfdi
    pgettext(
        "supervisory authority",
        "Federal Commissioner for Data Protection and Freedom of Information (federal "
        "public bodies; telecommunications and postal services)",
    ),
    # de_bw_lfdi
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection and Freedom of Information Baden-Württemberg",
    ),
    # de_by_baylda
    pgettext(
        "supervisory authority",
        "Bavarian State Office for Data Protection Supervision",
    ),
    # de_by_baylfd
    pgettext(
        "supervisory authority",
        "Bavarian State Commissioner for Data Protection",
    ),
    # de_be_blnbdi
    pgettext(
        "supervisory authority",
        "Berlin Commissioner for Data Protection and Freedom of Information",
    ),
    # de_bb_lda
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection and for the Right of Access to Files Brandenburg",
    ),
    # de_hb_lfdi
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection and Freedom of Information of the Free "
        "Hanseatic City of Bremen",
    ),
    # de_hh_hmbbfdi
    pgettext(
        "supervisory authority",
        "Hamburg Commissioner for Data Protection and Freedom of Information",
    ),
    # de_he_hbdi
    pgettext(
        "supervisory authority",
        "Hessian Commissioner for Data Protection and Freedom of Information",
    ),
    # de_mv_lfdi
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection and Freedom of Information Mecklenburg-"
        "Western Pomerania",
    ),
    # de_ni_lfd
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection Lower Saxony",
    ),
    # de_nw_ldi
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection and Freedom of Information North Rhine-Westphalia",
    ),
    # de_rp_lfdi
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection and Freedom of Information Rhineland-Palatinate",
    ),
    # de_sl_udz
    pgettext(
        "supervisory authority",
        "Independent Data Protection Centre Saarland",
    ),
    # de_sn_sdtb
    pgettext(
        "supervisory authority",
        "Saxon Data Protection and Transparency Commissioner",
    ),
    # de_st_lfd
    pgettext(
        "supervisory authority",
        "State Commissioner for Data Protection Saxony-Anhalt",
    ),
    # de_sh_uld
    pgettext(
        "supervisory authority",
        "Independent Centre for Privacy Protection Schleswig-Holstein",
    ),
    # de_th_tlfdi
    pgettext(
        "supervisory authority",
        "Thuringian State Commissioner for Data Protection and Freedom of Information",
    ),
    pgettext("supervisory authority", "Information Commissioner's Office"),  # gb_ico
    pgettext("supervisory authority", "Personal Information Protection Commission"),  # jp_ppc
    pgettext("supervisory authority", "Federal Trade Commission"),  # us_ftc
    pgettext("supervisory authority", "Personal Data Protection Commission"),  # sg_pdpc
    # hk_pcpd
    pgettext(
        "supervisory authority",
        "Office of the Privacy Commissioner for Personal Data, Hong Kong",
    ),
    # ch_fdpic
    pgettext(
        "supervisory authority",
        "Federal Data Protection and Information Commissioner",
    ),
    # br_anpd
    pgettext(
        "supervisory authority",
        "National Data Protection Authority (Autoridade Nacional de Proteção de Dados)",
    ),
    # kr_kisa
    pgettext(
        "supervisory authority",
        "Korea Internet & Security Agency (receives personal information leak reports for"
        " the PIPC)",
    ),
    # au_oaic
    pgettext(
        "supervisory authority",
        "Office of the Australian Information Commissioner",
    ),
    # cn_cac
    pgettext(
        "supervisory authority",
        "Cyberspace Administration of China (provincial cyberspace administrations "
        "receive incident reports)",
    ),
    # de_bsi
    pgettext(
        "supervisory authority",
        "Federal Office for Information Security (Bundesamt für Sicherheit in der "
        "Informationstechnik): CSIRT and NIS2 reporting point",
    ),
    # nl_ncsc
    pgettext(
        "supervisory authority",
        "National Cyber Security Centre (Nationaal Cyber Security Centrum)",
    ),
    # nl_rdi
    pgettext(
        "supervisory authority",
        "Dutch Authority for Digital Infrastructure (Rijksinspectie Digitale "
        "Infrastructuur): NIS2 competent authority for digital infrastructure",
    ),
)
