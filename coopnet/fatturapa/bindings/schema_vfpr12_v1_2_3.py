from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from xsdata.models.datatype import XmlDate, XmlDateTime

from coopnet.fatturapa.bindings.xmldsig_core_schema import Signature

__NAMESPACE__ = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"


@dataclass(kw_only=True)
class AllegatiType:
    nome_attachment: str = field(
        metadata={
            "name": "NomeAttachment",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        }
    )
    algoritmo_compressione: None | str = field(
        default=None,
        metadata={
            "name": "AlgoritmoCompressione",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        },
    )
    formato_attachment: None | str = field(
        default=None,
        metadata={
            "name": "FormatoAttachment",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        },
    )
    descrizione_attachment: None | str = field(
        default=None,
        metadata={
            "name": "DescrizioneAttachment",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,100}",
        },
    )
    attachment: bytes = field(
        metadata={
            "name": "Attachment",
            "type": "Element",
            "namespace": "",
            "format": "base64",
        }
    )


@dataclass(kw_only=True)
class AltriDatiGestionaliType:
    tipo_dato: str = field(
        metadata={
            "name": "TipoDato",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        }
    )
    riferimento_testo: None | str = field(
        default=None,
        metadata={
            "name": "RiferimentoTesto",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    riferimento_numero: None | str = field(
        default=None,
        metadata={
            "name": "RiferimentoNumero",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2,8}",
        },
    )
    riferimento_data: None | XmlDate = field(
        default=None,
        metadata={
            "name": "RiferimentoData",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class AnagraficaType:
    denominazione: None | str = field(
        default=None,
        metadata={
            "name": "Denominazione",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,80}",
        },
    )
    nome: None | str = field(
        default=None,
        metadata={
            "name": "Nome",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    cognome: None | str = field(
        default=None,
        metadata={
            "name": "Cognome",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    titolo: None | str = field(
        default=None,
        metadata={
            "name": "Titolo",
            "type": "Element",
            "namespace": "",
            "white_space": "collapse",
            "pattern": r"(\p{IsBasicLatin}{2,10})",
        },
    )
    cod_eori: None | str = field(
        default=None,
        metadata={
            "name": "CodEORI",
            "type": "Element",
            "namespace": "",
            "min_length": 13,
            "max_length": 17,
        },
    )


class Art73Type(Enum):
    SI = "SI"


class BolloVirtualeType(Enum):
    SI = "SI"


class CausalePagamentoType(Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    G = "G"
    H = "H"
    I = "I"
    L = "L"
    M = "M"
    N = "N"
    O = "O"
    P = "P"
    Q = "Q"
    R = "R"
    S = "S"
    T = "T"
    U = "U"
    V = "V"
    W = "W"
    X = "X"
    Y = "Y"
    Z = "Z"
    L1 = "L1"
    M1 = "M1"
    M2 = "M2"
    O1 = "O1"
    V1 = "V1"
    ZO = "ZO"


@dataclass(kw_only=True)
class CodiceArticoloType:
    codice_tipo: str = field(
        metadata={
            "name": "CodiceTipo",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,35})",
        }
    )
    codice_valore: str = field(
        metadata={
            "name": "CodiceValore",
            "type": "Element",
            "namespace": "",
            "min_length": 1,
            "max_length": 35,
        }
    )


class CondizioniPagamentoType(Enum):
    TP01 = "TP01"
    TP02 = "TP02"
    TP03 = "TP03"


@dataclass(kw_only=True)
class ContattiTrasmittenteType:
    telefono: None | str = field(
        default=None,
        metadata={
            "name": "Telefono",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{5,12})",
        },
    )
    email: None | str = field(
        default=None,
        metadata={
            "name": "Email",
            "type": "Element",
            "namespace": "",
            "min_length": 7,
            "max_length": 256,
            "pattern": r".+@.+[.]+.+",
        },
    )


@dataclass(kw_only=True)
class ContattiType:
    telefono: None | str = field(
        default=None,
        metadata={
            "name": "Telefono",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{5,12})",
        },
    )
    fax: None | str = field(
        default=None,
        metadata={
            "name": "Fax",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{5,12})",
        },
    )
    email: None | str = field(
        default=None,
        metadata={
            "name": "Email",
            "type": "Element",
            "namespace": "",
            "min_length": 7,
            "max_length": 256,
            "pattern": r".+@.+[.]+.+",
        },
    )


@dataclass(kw_only=True)
class DatiDdttype:
    class Meta:
        name = "DatiDDTType"

    numero_ddt: str = field(
        metadata={
            "name": "NumeroDDT",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        }
    )
    data_ddt: XmlDate = field(
        metadata={
            "name": "DataDDT",
            "type": "Element",
            "namespace": "",
        }
    )
    riferimento_numero_linea: list[int] = field(
        default_factory=list,
        metadata={
            "name": "RiferimentoNumeroLinea",
            "type": "Element",
            "namespace": "",
            "min_inclusive": 1,
            "max_inclusive": 9999,
        },
    )


@dataclass(kw_only=True)
class DatiDocumentiCorrelatiType:
    riferimento_numero_linea: list[int] = field(
        default_factory=list,
        metadata={
            "name": "RiferimentoNumeroLinea",
            "type": "Element",
            "namespace": "",
            "min_inclusive": 1,
            "max_inclusive": 9999,
        },
    )
    id_documento: str = field(
        metadata={
            "name": "IdDocumento",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        }
    )
    data: None | XmlDate = field(
        default=None,
        metadata={
            "name": "Data",
            "type": "Element",
            "namespace": "",
        },
    )
    num_item: None | str = field(
        default=None,
        metadata={
            "name": "NumItem",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        },
    )
    codice_commessa_convenzione: None | str = field(
        default=None,
        metadata={
            "name": "CodiceCommessaConvenzione",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,100}",
        },
    )
    codice_cup: None | str = field(
        default=None,
        metadata={
            "name": "CodiceCUP",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,15})",
        },
    )
    codice_cig: None | str = field(
        default=None,
        metadata={
            "name": "CodiceCIG",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,15})",
        },
    )


@dataclass(kw_only=True)
class DatiSaltype:
    class Meta:
        name = "DatiSALType"

    riferimento_fase: int = field(
        metadata={
            "name": "RiferimentoFase",
            "type": "Element",
            "namespace": "",
            "min_inclusive": 1,
            "max_inclusive": 999,
        }
    )


@dataclass(kw_only=True)
class DatiVeicoliType:
    data: XmlDate = field(
        metadata={
            "name": "Data",
            "type": "Element",
            "namespace": "",
        }
    )
    totale_percorso: str = field(
        metadata={
            "name": "TotalePercorso",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,15})",
        }
    )


class EsigibilitaIvatype(Enum):
    D = "D"
    I = "I"
    S = "S"


@dataclass(kw_only=True)
class FatturaPrincipaleType:
    numero_fattura_principale: str = field(
        metadata={
            "name": "NumeroFatturaPrincipale",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        }
    )
    data_fattura_principale: XmlDate = field(
        metadata={
            "name": "DataFatturaPrincipale",
            "type": "Element",
            "namespace": "",
        }
    )


class FormatoTrasmissioneType(Enum):
    FPA12 = "FPA12"
    FPR12 = "FPR12"


@dataclass(kw_only=True)
class IdFiscaleType:
    id_paese: str = field(
        metadata={
            "name": "IdPaese",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{2}",
        }
    )
    id_codice: str = field(
        metadata={
            "name": "IdCodice",
            "type": "Element",
            "namespace": "",
            "min_length": 1,
            "max_length": 28,
        }
    )


@dataclass(kw_only=True)
class IndirizzoType:
    indirizzo: str = field(
        metadata={
            "name": "Indirizzo",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        }
    )
    numero_civico: None | str = field(
        default=None,
        metadata={
            "name": "NumeroCivico",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,8})",
        },
    )
    cap: str = field(
        metadata={
            "name": "CAP",
            "type": "Element",
            "namespace": "",
            "pattern": r"[0-9][0-9][0-9][0-9][0-9]",
        }
    )
    comune: str = field(
        metadata={
            "name": "Comune",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        }
    )
    provincia: None | str = field(
        default=None,
        metadata={
            "name": "Provincia",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{2}",
        },
    )
    nazione: str = field(
        default="IT",
        metadata={
            "name": "Nazione",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{2}",
        },
    )


class ModalitaPagamentoType(Enum):
    MP01 = "MP01"
    MP02 = "MP02"
    MP03 = "MP03"
    MP04 = "MP04"
    MP05 = "MP05"
    MP06 = "MP06"
    MP07 = "MP07"
    MP08 = "MP08"
    MP09 = "MP09"
    MP10 = "MP10"
    MP11 = "MP11"
    MP12 = "MP12"
    MP13 = "MP13"
    MP14 = "MP14"
    MP15 = "MP15"
    MP16 = "MP16"
    MP17 = "MP17"
    MP18 = "MP18"
    MP19 = "MP19"
    MP20 = "MP20"
    MP21 = "MP21"
    MP22 = "MP22"
    MP23 = "MP23"


class NaturaType(Enum):
    N1 = "N1"
    N2 = "N2"
    N2_1 = "N2.1"
    N2_2 = "N2.2"
    N3 = "N3"
    N3_1 = "N3.1"
    N3_2 = "N3.2"
    N3_3 = "N3.3"
    N3_4 = "N3.4"
    N3_5 = "N3.5"
    N3_6 = "N3.6"
    N4 = "N4"
    N5 = "N5"
    N6 = "N6"
    N6_1 = "N6.1"
    N6_2 = "N6.2"
    N6_3 = "N6.3"
    N6_4 = "N6.4"
    N6_5 = "N6.5"
    N6_6 = "N6.6"
    N6_7 = "N6.7"
    N6_8 = "N6.8"
    N6_9 = "N6.9"
    N7 = "N7"


class RegimeFiscaleType(Enum):
    RF01 = "RF01"
    RF02 = "RF02"
    RF04 = "RF04"
    RF05 = "RF05"
    RF06 = "RF06"
    RF07 = "RF07"
    RF08 = "RF08"
    RF09 = "RF09"
    RF10 = "RF10"
    RF11 = "RF11"
    RF12 = "RF12"
    RF13 = "RF13"
    RF14 = "RF14"
    RF15 = "RF15"
    RF16 = "RF16"
    RF17 = "RF17"
    RF19 = "RF19"
    RF18 = "RF18"
    RF20 = "RF20"


class RitenutaType(Enum):
    SI = "SI"


class SocioUnicoType(Enum):
    SU = "SU"
    SM = "SM"


class SoggettoEmittenteType(Enum):
    CC = "CC"
    TZ = "TZ"


class StatoLiquidazioneType(Enum):
    LS = "LS"
    LN = "LN"


class TipoCassaType(Enum):
    TC01 = "TC01"
    TC02 = "TC02"
    TC03 = "TC03"
    TC04 = "TC04"
    TC05 = "TC05"
    TC06 = "TC06"
    TC07 = "TC07"
    TC08 = "TC08"
    TC09 = "TC09"
    TC10 = "TC10"
    TC11 = "TC11"
    TC12 = "TC12"
    TC13 = "TC13"
    TC14 = "TC14"
    TC15 = "TC15"
    TC16 = "TC16"
    TC17 = "TC17"
    TC18 = "TC18"
    TC19 = "TC19"
    TC20 = "TC20"
    TC21 = "TC21"
    TC22 = "TC22"


class TipoCessionePrestazioneType(Enum):
    SC = "SC"
    PR = "PR"
    AB = "AB"
    AC = "AC"


class TipoDocumentoType(Enum):
    TD01 = "TD01"
    TD02 = "TD02"
    TD03 = "TD03"
    TD04 = "TD04"
    TD05 = "TD05"
    TD06 = "TD06"
    TD16 = "TD16"
    TD17 = "TD17"
    TD18 = "TD18"
    TD19 = "TD19"
    TD20 = "TD20"
    TD21 = "TD21"
    TD22 = "TD22"
    TD23 = "TD23"
    TD24 = "TD24"
    TD25 = "TD25"
    TD26 = "TD26"
    TD27 = "TD27"
    TD28 = "TD28"
    TD29 = "TD29"


class TipoRitenutaType(Enum):
    RT01 = "RT01"
    RT02 = "RT02"
    RT03 = "RT03"
    RT04 = "RT04"
    RT05 = "RT05"
    RT06 = "RT06"


class TipoScontoMaggiorazioneType(Enum):
    SC = "SC"
    MG = "MG"


@dataclass(kw_only=True)
class DatiAnagraficiCedenteType:
    id_fiscale_iva: IdFiscaleType = field(
        metadata={
            "name": "IdFiscaleIVA",
            "type": "Element",
            "namespace": "",
        }
    )
    codice_fiscale: None | str = field(
        default=None,
        metadata={
            "name": "CodiceFiscale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{11,16}",
        },
    )
    anagrafica: AnagraficaType = field(
        metadata={
            "name": "Anagrafica",
            "type": "Element",
            "namespace": "",
        }
    )
    albo_professionale: None | str = field(
        default=None,
        metadata={
            "name": "AlboProfessionale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    provincia_albo: None | str = field(
        default=None,
        metadata={
            "name": "ProvinciaAlbo",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{2}",
        },
    )
    numero_iscrizione_albo: None | str = field(
        default=None,
        metadata={
            "name": "NumeroIscrizioneAlbo",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,60})",
        },
    )
    data_iscrizione_albo: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataIscrizioneAlbo",
            "type": "Element",
            "namespace": "",
        },
    )
    regime_fiscale: RegimeFiscaleType = field(
        metadata={
            "name": "RegimeFiscale",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class DatiAnagraficiCessionarioType:
    id_fiscale_iva: None | IdFiscaleType = field(
        default=None,
        metadata={
            "name": "IdFiscaleIVA",
            "type": "Element",
            "namespace": "",
        },
    )
    codice_fiscale: None | str = field(
        default=None,
        metadata={
            "name": "CodiceFiscale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{11,16}",
        },
    )
    anagrafica: AnagraficaType = field(
        metadata={
            "name": "Anagrafica",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class DatiAnagraficiRappresentanteType:
    id_fiscale_iva: IdFiscaleType = field(
        metadata={
            "name": "IdFiscaleIVA",
            "type": "Element",
            "namespace": "",
        }
    )
    codice_fiscale: None | str = field(
        default=None,
        metadata={
            "name": "CodiceFiscale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{11,16}",
        },
    )
    anagrafica: AnagraficaType = field(
        metadata={
            "name": "Anagrafica",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class DatiAnagraficiTerzoIntermediarioType:
    id_fiscale_iva: None | IdFiscaleType = field(
        default=None,
        metadata={
            "name": "IdFiscaleIVA",
            "type": "Element",
            "namespace": "",
        },
    )
    codice_fiscale: None | str = field(
        default=None,
        metadata={
            "name": "CodiceFiscale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{11,16}",
        },
    )
    anagrafica: AnagraficaType = field(
        metadata={
            "name": "Anagrafica",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class DatiAnagraficiVettoreType:
    id_fiscale_iva: IdFiscaleType = field(
        metadata={
            "name": "IdFiscaleIVA",
            "type": "Element",
            "namespace": "",
        }
    )
    codice_fiscale: None | str = field(
        default=None,
        metadata={
            "name": "CodiceFiscale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{11,16}",
        },
    )
    anagrafica: AnagraficaType = field(
        metadata={
            "name": "Anagrafica",
            "type": "Element",
            "namespace": "",
        }
    )
    numero_licenza_guida: None | str = field(
        default=None,
        metadata={
            "name": "NumeroLicenzaGuida",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        },
    )


@dataclass(kw_only=True)
class DatiBolloType:
    bollo_virtuale: BolloVirtualeType = field(
        metadata={
            "name": "BolloVirtuale",
            "type": "Element",
            "namespace": "",
        }
    )
    importo_bollo: None | str = field(
        default=None,
        metadata={
            "name": "ImportoBollo",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )


@dataclass(kw_only=True)
class DatiCassaPrevidenzialeType:
    tipo_cassa: TipoCassaType = field(
        metadata={
            "name": "TipoCassa",
            "type": "Element",
            "namespace": "",
        }
    )
    al_cassa: str = field(
        metadata={
            "name": "AlCassa",
            "type": "Element",
            "namespace": "",
            "max_inclusive": "100.00",
            "pattern": r"[0-9]{1,3}\.[0-9]{2}",
        }
    )
    importo_contributo_cassa: str = field(
        metadata={
            "name": "ImportoContributoCassa",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        }
    )
    imponibile_cassa: None | str = field(
        default=None,
        metadata={
            "name": "ImponibileCassa",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    aliquota_iva: str = field(
        metadata={
            "name": "AliquotaIVA",
            "type": "Element",
            "namespace": "",
            "max_inclusive": "100.00",
            "pattern": r"[0-9]{1,3}\.[0-9]{2}",
        }
    )
    ritenuta: None | RitenutaType = field(
        default=None,
        metadata={
            "name": "Ritenuta",
            "type": "Element",
            "namespace": "",
        },
    )
    natura: None | NaturaType = field(
        default=None,
        metadata={
            "name": "Natura",
            "type": "Element",
            "namespace": "",
        },
    )
    riferimento_amministrazione: None | str = field(
        default=None,
        metadata={
            "name": "RiferimentoAmministrazione",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        },
    )


@dataclass(kw_only=True)
class DatiRiepilogoType:
    aliquota_iva: str = field(
        metadata={
            "name": "AliquotaIVA",
            "type": "Element",
            "namespace": "",
            "max_inclusive": "100.00",
            "pattern": r"[0-9]{1,3}\.[0-9]{2}",
        }
    )
    natura: None | NaturaType = field(
        default=None,
        metadata={
            "name": "Natura",
            "type": "Element",
            "namespace": "",
        },
    )
    spese_accessorie: None | str = field(
        default=None,
        metadata={
            "name": "SpeseAccessorie",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    arrotondamento: None | str = field(
        default=None,
        metadata={
            "name": "Arrotondamento",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2,8}",
        },
    )
    imponibile_importo: str = field(
        metadata={
            "name": "ImponibileImporto",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        }
    )
    imposta: str = field(
        metadata={
            "name": "Imposta",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        }
    )
    esigibilita_iva: None | EsigibilitaIvatype = field(
        default=None,
        metadata={
            "name": "EsigibilitaIVA",
            "type": "Element",
            "namespace": "",
        },
    )
    riferimento_normativo: None | str = field(
        default=None,
        metadata={
            "name": "RiferimentoNormativo",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,100}",
        },
    )


@dataclass(kw_only=True)
class DatiRitenutaType:
    tipo_ritenuta: TipoRitenutaType = field(
        metadata={
            "name": "TipoRitenuta",
            "type": "Element",
            "namespace": "",
        }
    )
    importo_ritenuta: str = field(
        metadata={
            "name": "ImportoRitenuta",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        }
    )
    aliquota_ritenuta: str = field(
        metadata={
            "name": "AliquotaRitenuta",
            "type": "Element",
            "namespace": "",
            "max_inclusive": "100.00",
            "pattern": r"[0-9]{1,3}\.[0-9]{2}",
        }
    )
    causale_pagamento: CausalePagamentoType = field(
        metadata={
            "name": "CausalePagamento",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class DatiTrasmissioneType:
    id_trasmittente: IdFiscaleType = field(
        metadata={
            "name": "IdTrasmittente",
            "type": "Element",
            "namespace": "",
        }
    )
    progressivo_invio: str = field(
        metadata={
            "name": "ProgressivoInvio",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        }
    )
    formato_trasmissione: FormatoTrasmissioneType = field(
        metadata={
            "name": "FormatoTrasmissione",
            "type": "Element",
            "namespace": "",
        }
    )
    codice_destinatario: str = field(
        metadata={
            "name": "CodiceDestinatario",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{6,7}",
        }
    )
    contatti_trasmittente: None | ContattiTrasmittenteType = field(
        default=None,
        metadata={
            "name": "ContattiTrasmittente",
            "type": "Element",
            "namespace": "",
        },
    )
    pecdestinatario: None | str = field(
        default=None,
        metadata={
            "name": "PECDestinatario",
            "type": "Element",
            "namespace": "",
            "max_length": 256,
            "pattern": r'([!#-\'*+/-9=?A-Z^-~-]+(\.[!#-\'*+/-9=?A-Z^-~-]+)*|"(\[\]!#-[^-~ \t]|(\\[\t -~]))+")@([!#-\'*+/-9=?A-Z^-~-]+(\.[!#-\'*+/-9=?A-Z^-~-]+)*|\[[\t -Z^-~]*\])',
        },
    )


@dataclass(kw_only=True)
class DettaglioPagamentoType:
    beneficiario: None | str = field(
        default=None,
        metadata={
            "name": "Beneficiario",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,200}",
        },
    )
    modalita_pagamento: ModalitaPagamentoType = field(
        metadata={
            "name": "ModalitaPagamento",
            "type": "Element",
            "namespace": "",
        }
    )
    data_riferimento_termini_pagamento: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataRiferimentoTerminiPagamento",
            "type": "Element",
            "namespace": "",
        },
    )
    giorni_termini_pagamento: None | int = field(
        default=None,
        metadata={
            "name": "GiorniTerminiPagamento",
            "type": "Element",
            "namespace": "",
            "min_inclusive": 0,
            "max_inclusive": 999,
        },
    )
    data_scadenza_pagamento: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataScadenzaPagamento",
            "type": "Element",
            "namespace": "",
        },
    )
    importo_pagamento: str = field(
        metadata={
            "name": "ImportoPagamento",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        }
    )
    cod_ufficio_postale: None | str = field(
        default=None,
        metadata={
            "name": "CodUfficioPostale",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        },
    )
    cognome_quietanzante: None | str = field(
        default=None,
        metadata={
            "name": "CognomeQuietanzante",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    nome_quietanzante: None | str = field(
        default=None,
        metadata={
            "name": "NomeQuietanzante",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    cfquietanzante: None | str = field(
        default=None,
        metadata={
            "name": "CFQuietanzante",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z0-9]{16}",
        },
    )
    titolo_quietanzante: None | str = field(
        default=None,
        metadata={
            "name": "TitoloQuietanzante",
            "type": "Element",
            "namespace": "",
            "white_space": "collapse",
            "pattern": r"(\p{IsBasicLatin}{2,10})",
        },
    )
    istituto_finanziario: None | str = field(
        default=None,
        metadata={
            "name": "IstitutoFinanziario",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,80}",
        },
    )
    iban: None | str = field(
        default=None,
        metadata={
            "name": "IBAN",
            "type": "Element",
            "namespace": "",
            "pattern": r"[a-zA-Z]{2}[0-9]{2}[a-zA-Z0-9]{11,30}",
        },
    )
    abi: None | str = field(
        default=None,
        metadata={
            "name": "ABI",
            "type": "Element",
            "namespace": "",
            "pattern": r"[0-9][0-9][0-9][0-9][0-9]",
        },
    )
    cab: None | str = field(
        default=None,
        metadata={
            "name": "CAB",
            "type": "Element",
            "namespace": "",
            "pattern": r"[0-9][0-9][0-9][0-9][0-9]",
        },
    )
    bic: None | str = field(
        default=None,
        metadata={
            "name": "BIC",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3}){0,1}",
        },
    )
    sconto_pagamento_anticipato: None | str = field(
        default=None,
        metadata={
            "name": "ScontoPagamentoAnticipato",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    data_limite_pagamento_anticipato: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataLimitePagamentoAnticipato",
            "type": "Element",
            "namespace": "",
        },
    )
    penalita_pagamenti_ritardati: None | str = field(
        default=None,
        metadata={
            "name": "PenalitaPagamentiRitardati",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    data_decorrenza_penale: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataDecorrenzaPenale",
            "type": "Element",
            "namespace": "",
        },
    )
    codice_pagamento: None | str = field(
        default=None,
        metadata={
            "name": "CodicePagamento",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,60})",
        },
    )


@dataclass(kw_only=True)
class IscrizioneReatype:
    class Meta:
        name = "IscrizioneREAType"

    ufficio: str = field(
        metadata={
            "name": "Ufficio",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{2}",
        }
    )
    numero_rea: str = field(
        metadata={
            "name": "NumeroREA",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        }
    )
    capitale_sociale: None | str = field(
        default=None,
        metadata={
            "name": "CapitaleSociale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    socio_unico: None | SocioUnicoType = field(
        default=None,
        metadata={
            "name": "SocioUnico",
            "type": "Element",
            "namespace": "",
        },
    )
    stato_liquidazione: StatoLiquidazioneType = field(
        metadata={
            "name": "StatoLiquidazione",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class RappresentanteFiscaleCessionarioType:
    id_fiscale_iva: IdFiscaleType = field(
        metadata={
            "name": "IdFiscaleIVA",
            "type": "Element",
            "namespace": "",
        }
    )
    denominazione: None | str = field(
        default=None,
        metadata={
            "name": "Denominazione",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,80}",
        },
    )
    nome: None | str = field(
        default=None,
        metadata={
            "name": "Nome",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )
    cognome: None | str = field(
        default=None,
        metadata={
            "name": "Cognome",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,60}",
        },
    )


@dataclass(kw_only=True)
class ScontoMaggiorazioneType:
    tipo: TipoScontoMaggiorazioneType = field(
        metadata={
            "name": "Tipo",
            "type": "Element",
            "namespace": "",
        }
    )
    percentuale: None | str = field(
        default=None,
        metadata={
            "name": "Percentuale",
            "type": "Element",
            "namespace": "",
            "max_inclusive": "100.00",
            "pattern": r"[0-9]{1,3}\.[0-9]{2}",
        },
    )
    importo: None | str = field(
        default=None,
        metadata={
            "name": "Importo",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2,8}",
        },
    )


@dataclass(kw_only=True)
class CedentePrestatoreType:
    dati_anagrafici: DatiAnagraficiCedenteType = field(
        metadata={
            "name": "DatiAnagrafici",
            "type": "Element",
            "namespace": "",
        }
    )
    sede: IndirizzoType = field(
        metadata={
            "name": "Sede",
            "type": "Element",
            "namespace": "",
        }
    )
    stabile_organizzazione: None | IndirizzoType = field(
        default=None,
        metadata={
            "name": "StabileOrganizzazione",
            "type": "Element",
            "namespace": "",
        },
    )
    iscrizione_rea: None | IscrizioneReatype = field(
        default=None,
        metadata={
            "name": "IscrizioneREA",
            "type": "Element",
            "namespace": "",
        },
    )
    contatti: None | ContattiType = field(
        default=None,
        metadata={
            "name": "Contatti",
            "type": "Element",
            "namespace": "",
        },
    )
    riferimento_amministrazione: None | str = field(
        default=None,
        metadata={
            "name": "RiferimentoAmministrazione",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        },
    )


@dataclass(kw_only=True)
class CessionarioCommittenteType:
    dati_anagrafici: DatiAnagraficiCessionarioType = field(
        metadata={
            "name": "DatiAnagrafici",
            "type": "Element",
            "namespace": "",
        }
    )
    sede: IndirizzoType = field(
        metadata={
            "name": "Sede",
            "type": "Element",
            "namespace": "",
        }
    )
    stabile_organizzazione: None | IndirizzoType = field(
        default=None,
        metadata={
            "name": "StabileOrganizzazione",
            "type": "Element",
            "namespace": "",
        },
    )
    rappresentante_fiscale: None | RappresentanteFiscaleCessionarioType = field(
        default=None,
        metadata={
            "name": "RappresentanteFiscale",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class DatiGeneraliDocumentoType:
    tipo_documento: TipoDocumentoType = field(
        metadata={
            "name": "TipoDocumento",
            "type": "Element",
            "namespace": "",
        }
    )
    divisa: str = field(
        metadata={
            "name": "Divisa",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{3}",
        }
    )
    data: XmlDate = field(
        metadata={
            "name": "Data",
            "type": "Element",
            "namespace": "",
            "min_inclusive": XmlDate(1970, 1, 1),
        }
    )
    numero: str = field(
        metadata={
            "name": "Numero",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        }
    )
    dati_ritenuta: list[DatiRitenutaType] = field(
        default_factory=list,
        metadata={
            "name": "DatiRitenuta",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_bollo: None | DatiBolloType = field(
        default=None,
        metadata={
            "name": "DatiBollo",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_cassa_previdenziale: list[DatiCassaPrevidenzialeType] = field(
        default_factory=list,
        metadata={
            "name": "DatiCassaPrevidenziale",
            "type": "Element",
            "namespace": "",
        },
    )
    sconto_maggiorazione: list[ScontoMaggiorazioneType] = field(
        default_factory=list,
        metadata={
            "name": "ScontoMaggiorazione",
            "type": "Element",
            "namespace": "",
        },
    )
    importo_totale_documento: None | str = field(
        default=None,
        metadata={
            "name": "ImportoTotaleDocumento",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    arrotondamento: None | str = field(
        default=None,
        metadata={
            "name": "Arrotondamento",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2}",
        },
    )
    causale: list[str] = field(
        default_factory=list,
        metadata={
            "name": "Causale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,200}",
        },
    )
    art73: None | Art73Type = field(
        default=None,
        metadata={
            "name": "Art73",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class DatiPagamentoType:
    condizioni_pagamento: CondizioniPagamentoType = field(
        metadata={
            "name": "CondizioniPagamento",
            "type": "Element",
            "namespace": "",
        }
    )
    dettaglio_pagamento: list[DettaglioPagamentoType] = field(
        default_factory=list,
        metadata={
            "name": "DettaglioPagamento",
            "type": "Element",
            "namespace": "",
            "min_occurs": 1,
        },
    )


@dataclass(kw_only=True)
class DatiTrasportoType:
    dati_anagrafici_vettore: None | DatiAnagraficiVettoreType = field(
        default=None,
        metadata={
            "name": "DatiAnagraficiVettore",
            "type": "Element",
            "namespace": "",
        },
    )
    mezzo_trasporto: None | str = field(
        default=None,
        metadata={
            "name": "MezzoTrasporto",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,80}",
        },
    )
    causale_trasporto: None | str = field(
        default=None,
        metadata={
            "name": "CausaleTrasporto",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,100}",
        },
    )
    numero_colli: None | int = field(
        default=None,
        metadata={
            "name": "NumeroColli",
            "type": "Element",
            "namespace": "",
            "min_inclusive": 1,
            "max_inclusive": 9999,
        },
    )
    descrizione: None | str = field(
        default=None,
        metadata={
            "name": "Descrizione",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,100}",
        },
    )
    unita_misura_peso: None | str = field(
        default=None,
        metadata={
            "name": "UnitaMisuraPeso",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        },
    )
    peso_lordo: None | str = field(
        default=None,
        metadata={
            "name": "PesoLordo",
            "type": "Element",
            "namespace": "",
            "pattern": r"[0-9]{1,4}\.[0-9]{1,2}",
        },
    )
    peso_netto: None | str = field(
        default=None,
        metadata={
            "name": "PesoNetto",
            "type": "Element",
            "namespace": "",
            "pattern": r"[0-9]{1,4}\.[0-9]{1,2}",
        },
    )
    data_ora_ritiro: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "DataOraRitiro",
            "type": "Element",
            "namespace": "",
        },
    )
    data_inizio_trasporto: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataInizioTrasporto",
            "type": "Element",
            "namespace": "",
        },
    )
    tipo_resa: None | str = field(
        default=None,
        metadata={
            "name": "TipoResa",
            "type": "Element",
            "namespace": "",
            "pattern": r"[A-Z]{3}",
        },
    )
    indirizzo_resa: None | IndirizzoType = field(
        default=None,
        metadata={
            "name": "IndirizzoResa",
            "type": "Element",
            "namespace": "",
        },
    )
    data_ora_consegna: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "DataOraConsegna",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class DettaglioLineeType:
    numero_linea: int = field(
        metadata={
            "name": "NumeroLinea",
            "type": "Element",
            "namespace": "",
            "min_inclusive": 1,
            "max_inclusive": 9999,
        }
    )
    tipo_cessione_prestazione: None | TipoCessionePrestazioneType = field(
        default=None,
        metadata={
            "name": "TipoCessionePrestazione",
            "type": "Element",
            "namespace": "",
        },
    )
    codice_articolo: list[CodiceArticoloType] = field(
        default_factory=list,
        metadata={
            "name": "CodiceArticolo",
            "type": "Element",
            "namespace": "",
        },
    )
    descrizione: str = field(
        metadata={
            "name": "Descrizione",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,1000}",
        }
    )
    quantita: None | str = field(
        default=None,
        metadata={
            "name": "Quantita",
            "type": "Element",
            "namespace": "",
            "pattern": r"[0-9]{1,12}\.[0-9]{2,8}",
        },
    )
    unita_misura: None | str = field(
        default=None,
        metadata={
            "name": "UnitaMisura",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        },
    )
    data_inizio_periodo: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataInizioPeriodo",
            "type": "Element",
            "namespace": "",
        },
    )
    data_fine_periodo: None | XmlDate = field(
        default=None,
        metadata={
            "name": "DataFinePeriodo",
            "type": "Element",
            "namespace": "",
        },
    )
    prezzo_unitario: str = field(
        metadata={
            "name": "PrezzoUnitario",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2,8}",
        }
    )
    sconto_maggiorazione: list[ScontoMaggiorazioneType] = field(
        default_factory=list,
        metadata={
            "name": "ScontoMaggiorazione",
            "type": "Element",
            "namespace": "",
        },
    )
    prezzo_totale: str = field(
        metadata={
            "name": "PrezzoTotale",
            "type": "Element",
            "namespace": "",
            "pattern": r"[\-]?[0-9]{1,11}\.[0-9]{2,8}",
        }
    )
    aliquota_iva: str = field(
        metadata={
            "name": "AliquotaIVA",
            "type": "Element",
            "namespace": "",
            "max_inclusive": "100.00",
            "pattern": r"[0-9]{1,3}\.[0-9]{2}",
        }
    )
    ritenuta: None | RitenutaType = field(
        default=None,
        metadata={
            "name": "Ritenuta",
            "type": "Element",
            "namespace": "",
        },
    )
    natura: None | NaturaType = field(
        default=None,
        metadata={
            "name": "Natura",
            "type": "Element",
            "namespace": "",
        },
    )
    riferimento_amministrazione: None | str = field(
        default=None,
        metadata={
            "name": "RiferimentoAmministrazione",
            "type": "Element",
            "namespace": "",
            "pattern": r"(\p{IsBasicLatin}{1,20})",
        },
    )
    altri_dati_gestionali: list[AltriDatiGestionaliType] = field(
        default_factory=list,
        metadata={
            "name": "AltriDatiGestionali",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class RappresentanteFiscaleType:
    dati_anagrafici: DatiAnagraficiRappresentanteType = field(
        metadata={
            "name": "DatiAnagrafici",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class TerzoIntermediarioSoggettoEmittenteType:
    dati_anagrafici: DatiAnagraficiTerzoIntermediarioType = field(
        metadata={
            "name": "DatiAnagrafici",
            "type": "Element",
            "namespace": "",
        }
    )


@dataclass(kw_only=True)
class DatiBeniServiziType:
    dettaglio_linee: list[DettaglioLineeType] = field(
        default_factory=list,
        metadata={
            "name": "DettaglioLinee",
            "type": "Element",
            "namespace": "",
            "min_occurs": 1,
        },
    )
    dati_riepilogo: list[DatiRiepilogoType] = field(
        default_factory=list,
        metadata={
            "name": "DatiRiepilogo",
            "type": "Element",
            "namespace": "",
            "min_occurs": 1,
        },
    )


@dataclass(kw_only=True)
class DatiGeneraliType:
    dati_generali_documento: DatiGeneraliDocumentoType = field(
        metadata={
            "name": "DatiGeneraliDocumento",
            "type": "Element",
            "namespace": "",
        }
    )
    dati_ordine_acquisto: list[DatiDocumentiCorrelatiType] = field(
        default_factory=list,
        metadata={
            "name": "DatiOrdineAcquisto",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_contratto: list[DatiDocumentiCorrelatiType] = field(
        default_factory=list,
        metadata={
            "name": "DatiContratto",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_convenzione: list[DatiDocumentiCorrelatiType] = field(
        default_factory=list,
        metadata={
            "name": "DatiConvenzione",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_ricezione: list[DatiDocumentiCorrelatiType] = field(
        default_factory=list,
        metadata={
            "name": "DatiRicezione",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_fatture_collegate: list[DatiDocumentiCorrelatiType] = field(
        default_factory=list,
        metadata={
            "name": "DatiFattureCollegate",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_sal: list[DatiSaltype] = field(
        default_factory=list,
        metadata={
            "name": "DatiSAL",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_ddt: list[DatiDdttype] = field(
        default_factory=list,
        metadata={
            "name": "DatiDDT",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_trasporto: None | DatiTrasportoType = field(
        default=None,
        metadata={
            "name": "DatiTrasporto",
            "type": "Element",
            "namespace": "",
        },
    )
    fattura_principale: None | FatturaPrincipaleType = field(
        default=None,
        metadata={
            "name": "FatturaPrincipale",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class FatturaElettronicaHeaderType:
    dati_trasmissione: DatiTrasmissioneType = field(
        metadata={
            "name": "DatiTrasmissione",
            "type": "Element",
            "namespace": "",
        }
    )
    cedente_prestatore: CedentePrestatoreType = field(
        metadata={
            "name": "CedentePrestatore",
            "type": "Element",
            "namespace": "",
        }
    )
    rappresentante_fiscale: None | RappresentanteFiscaleType = field(
        default=None,
        metadata={
            "name": "RappresentanteFiscale",
            "type": "Element",
            "namespace": "",
        },
    )
    cessionario_committente: CessionarioCommittenteType = field(
        metadata={
            "name": "CessionarioCommittente",
            "type": "Element",
            "namespace": "",
        }
    )
    terzo_intermediario_osoggetto_emittente: None | TerzoIntermediarioSoggettoEmittenteType = field(
        default=None,
        metadata={
            "name": "TerzoIntermediarioOSoggettoEmittente",
            "type": "Element",
            "namespace": "",
        },
    )
    soggetto_emittente: None | SoggettoEmittenteType = field(
        default=None,
        metadata={
            "name": "SoggettoEmittente",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class FatturaElettronicaBodyType:
    dati_generali: DatiGeneraliType = field(
        metadata={
            "name": "DatiGenerali",
            "type": "Element",
            "namespace": "",
        }
    )
    dati_beni_servizi: DatiBeniServiziType = field(
        metadata={
            "name": "DatiBeniServizi",
            "type": "Element",
            "namespace": "",
        }
    )
    dati_veicoli: None | DatiVeicoliType = field(
        default=None,
        metadata={
            "name": "DatiVeicoli",
            "type": "Element",
            "namespace": "",
        },
    )
    dati_pagamento: list[DatiPagamentoType] = field(
        default_factory=list,
        metadata={
            "name": "DatiPagamento",
            "type": "Element",
            "namespace": "",
        },
    )
    allegati: list[AllegatiType] = field(
        default_factory=list,
        metadata={
            "name": "Allegati",
            "type": "Element",
            "namespace": "",
        },
    )


@dataclass(kw_only=True)
class FatturaElettronicaType:
    fattura_elettronica_header: FatturaElettronicaHeaderType = field(
        metadata={
            "name": "FatturaElettronicaHeader",
            "type": "Element",
            "namespace": "",
        }
    )
    fattura_elettronica_body: list[FatturaElettronicaBodyType] = field(
        default_factory=list,
        metadata={
            "name": "FatturaElettronicaBody",
            "type": "Element",
            "namespace": "",
            "min_occurs": 1,
        },
    )
    signature: None | Signature = field(
        default=None,
        metadata={
            "name": "Signature",
            "type": "Element",
            "namespace": "http://www.w3.org/2000/09/xmldsig#",
        },
    )
    versione: FormatoTrasmissioneType = field(
        metadata={
            "type": "Attribute",
        }
    )
    sistema_emittente: None | str = field(
        default=None,
        metadata={
            "name": "SistemaEmittente",
            "type": "Attribute",
            "pattern": r"(\p{IsBasicLatin}{1,10})",
        },
    )


@dataclass(kw_only=True)
class FatturaElettronica(FatturaElettronicaType):
    class Meta:
        namespace = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"
