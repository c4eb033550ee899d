"""Which language a text is in, as far as the replies need it: "es" for Spanish, else "en".

Crisis resources differ by language (988 press 2, text AYUDA), so a Spanish or mostly-Spanish text
gets them in Spanish. A text counts as Spanish when its Spanish function words clearly outnumber
its English ones ("ya no puedo más" is Spanish; "i just want to die, ya no puedo" is not).
"""

from __future__ import annotations

import re

from bot.understanding.optout import plain

SPANISH = frozenset((
    "que", "q", "no", "si", "me", "mi", "mis", "te", "tu", "el", "la", "los", "las", "lo", "le", "les", "un", "una",
    "de", "del", "y", "o", "pero", "porque", "xq", "por", "para", "pa", "con", "sin", "en", "es", "esta", "estoy",
    "estas", "toy", "soy", "eres", "ya", "muy", "mas", "nada", "todo", "quiero", "puedo", "voy", "tengo", "hay",
    "ella", "el", "ellos", "esposo", "esposa", "marido", "mujer", "novio", "novia", "pareja", "hoy", "ahora", "nunca",
    "siempre", "como", "cuando", "donde", "quien", "bien", "mal", "ayuda", "miedo", "casa", "vida", "morir", "matar",
    "llamar", "escribir", "mensaje", "mensajes", "gracias", "hola", "tambien", "tmb", "solo", "sola", "hace", "hizo",
    "dijo", "dice", "aqui", "alli", "ahi", "eso", "esto", "ese", "esa", "algo", "nadie", "estaba", "fue", "ser",
    "estar", "hablar", "llame", "llamo", "escribi", "extrano", "quiere", "puede", "tiene", "va", "vez", "veces",
    "muchas", "muchos", "mucho", "mucha", "pastillas", "tome", "tomé", "estoy", "ando", "toy", "siento", "creo",
    "pienso", "quisiera", "puedo", "aguanto", "nadie", "ninguno", "ninguna", "hijos", "hijo", "hija", "ninos",
    "mama", "papa", "hermana", "hermano", "trabajo", "noche", "manana", "semana", "dia", "dias", "otra", "otro",
    "mas", "ya", "asi", "porque", "pues", "bueno", "claro", "verdad", "nunca", "siempre", "todavia", "aun", "sus",
    "nos", "les", "ese", "eso", "esta", "estas", "este", "estos", "mis", "tus", "entonces", "despues", "antes",
    "contigo", "conmigo", "amor", "corazon", "llorar", "lloro", "mensajes", "llamada", "llamadas", "escribirle",
    "llamarle", "hablarle", "matarme", "morirme", "suicidarme", "cortarme", "golpea", "pega", "amenaza", "gracias",
    "contra", "carro", "sobre", "hasta", "desde", "entre", "muero", "jaja", "jajaja", "jajajaja", "voy", "vas",
    "vamos", "tengo", "tienes", "quieres", "quiero", "necesito", "ayudame", "porfa", "favor", "ahorita",
))
ACCENTED = re.compile(r"[áéíóúñ¿¡]")
ENGLISH = frozenset((
    "i", "im", "ive", "id", "ill", "me", "my", "you", "he", "she", "they", "him", "her", "them", "the", "an", "and",
    "or", "but", "to", "of", "in", "on", "at", "for", "with", "is", "are", "was", "were", "be", "been", "am", "do",
    "dont", "did", "didnt", "have", "has", "had", "want", "just", "so", "not", "this", "that", "it", "its", "what",
    "why", "how", "when", "can", "cant", "will", "wont", "would", "should", "again", "today", "call", "text",
))
WORDS = re.compile(r"[a-z]+")


def of(text: str) -> str:
    """"es" when the text is Spanish or mostly Spanish, else "en"."""
    text = text.casefold()
    words = WORDS.findall(plain(text))
    spanish = sum(w in SPANISH and w not in ENGLISH for w in words) + len(ACCENTED.findall(text))
    english = sum(w in ENGLISH and w not in SPANISH for w in words)
    return "es" if spanish >= 2 and spanish > 2 * english or spanish == 1 and not english and len(words) <= 3 else "en"
