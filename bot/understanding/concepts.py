"""Word classes the learned model sees beside the words themselves, so one example teaches many:
"standing on the overpass" and "up on the parking garage roof" share HEIGHT, "took all my xanax"
and "swallowed the whole bottle of tylenol" share DRUG and ALL. English and Spanish, accents
dropped, matched on whole words of bot.understanding.model's normalised text.
"""

from __future__ import annotations

import re

CLASSES = {
    "DEATH": "die dies died dying dead death deathbed suicide suicidal unalive kms morir muerte muerto muerta matarme "
             "suicidarme grave funeral coffin casket obituary eulogy afterlife heaven",
    "HARM": "cut cutting cuts razor blade blades bleed bleeding burn burned burning scratch scratching hurt hurting harm "
            "cortarme cortar corte lastimarme lastimando sangrar herida",
    "DRUG": "pills pill meds medication medications tablets tylenol advil ibuprofen xanax valium ambien klonopin oxy "
            "oxycodone percocet vicodin fentanyl insulin lithium seroquel trazodone benadryl sleeping painkillers "
            "prescription prescriptions pastillas pastilla medicinas medicamentos bottle frasco bleach cloro antifreeze "
            "poison veneno vodka whiskey tequila alcohol drunk drinking wasted",
    "ALL": "all whole entire every everything rest enough handful bunch dozens hundred todas todo entero completo "
           "stockpile stockpiled saved counted",
    "HEIGHT": "bridge overpass roof rooftop ledge edge cliff balcony tracks railroad train highway canal river water "
              "lake parking garage building floor puente azotea techo vias tren edificio",
    "WEAPON": "gun guns pistol rifle shotgun handgun revolver firearm bullet bullets ammo knife knives loaded trigger "
              "barrel pistola arma cuchillo navaja escopeta bala balas cargada cargado",
    "ROPE": "rope noose belt cord hang hanging hanged soga cuerda colgarme ahorcarme beam rafter",
    "CAR": "car engine garage exhaust hose running crash median steering swerve swerving carro coche choque",
    "FAREWELL": "goodbye goodbyes bye farewell farewells adios despedida despedirme despedi despido note letter letters "
                "carta will testament insurance arrangements affairs belongings possessions giving gave away regale "
                "regalando",
    "SORRY": "sorry apologize apologies forgive forgiveness fault perdon perdoname perdonenme culpa",
    "WHEN": "tonight tomorrow today now rn soon weekend sunday saturday friday midnight morning noche hoy manana ahorita "
            "ya",
    "NOBODY": "nobody noone anyone everyone everybody burden better without nadie todos carga mejor sin",
    "PLAN": "plan planned planning decided decision ready prepared date picked arranged ready listo lista decidido "
            "plan planeado",
    "AFRAID": "scared afraid terrified frightened fear panic panicking hiding hide hid miedo asustada asustado "
              "escondida escondido",
    "VIOLENT": "hit hits hitting punch punched slap slapped choke choked choking strangle strangled beat beats beating "
               "kick kicked kicking shove shoved push pushed grab grabbed throw threw raped rape forced assault "
               "assaulted attack attacked stab stabbed threaten threatened threatening threats threat golpea golpeo "
               "pego pega pegó ahorco empujo amenaza amenazo violo forzo encerro",
    "INTRUDE": "outside door window doors windows banging pounding broke break breaking inside house key lock locked "
               "following followed stalking stalker tracking tracker gps watching parked driveway porch puerta "
               "ventana afuera casa encerrada sigue",
    "PERSON": "he him his hes she her hers shes husband wife ex boyfriend girlfriend partner spouse el ella esposo "
              "esposa marido novio novia pareja",
    "SELF": "myself me my mine im i yo mi me",
    "NEVER": "never no not cant wont dont nunca nada jamas ya",
    "WAKE": "wake waking awake sleep asleep despertar dormir dormirme",
    "LIVE": "live living alive life exist existing vivir vida seguir",
}
INDEX = {word: name for name, words in CLASSES.items() for word in words.split()}
WORD = re.compile(r"[a-z]+")


ALARMING = frozenset(("DEATH", "HARM", "DRUG", "WEAPON", "ROPE", "HEIGHT", "CAR", "FAREWELL", "SORRY", "AFRAID",
                      "VIOLENT", "INTRUDE", "LIVE", "WAKE", "PLAN"))


def alarming(text: str) -> bool:
    """True when a word of `text` (normalised) belongs to a class that can carry danger."""
    return any(INDEX.get(word) in ALARMING for word in WORD.findall(text))


def classes(words: list[str]) -> list[str]:
    """The word class of each word that has one, in order ("k:DRUG" style names without the prefix)."""
    return [name for word in words if (name := INDEX.get(word))]
