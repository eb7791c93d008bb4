"""The emergency rule: something happening now with agents is an emergency in every language; a
question about what might happen one day is a rights question."""

from __future__ import annotations

import pytest

from helpline_bot.safety import at_a_traffic_stop, looks_like_emergency, says_it_is_not_now


@pytest.mark.parametrize("text", [
    "they are taking my husband outside the store",
    "se lo estan llevando a mi esposo",
    "chamaram a imigracao pro meu primo na obra",
    "y ap pran frè m devan travay la",
    "他们正在抓人 在我家楼下",
    "chong em bi ICE giu roi",
    "ils prennent ma femme devant l ecole",
])
def test_someone_being_taken_now_is_an_emergency_in_every_language(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "what if ICE comes to my door one day, do I have to open?",
    "si la migra viene a mi puerta tengo que abrir?",
    "se o ice vier na minha porta eu preciso abrir?",
    "如果ICE来敲门我要开门吗",
    "neu ICE den go cua thi minh co phai mo ko",
    "et si des agents viennent a ma porte un jour, je dois ouvrir?",
])
def test_a_question_about_agents_at_the_door_one_day_is_not_an_emergency(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "the cops pulled me over and ICE is right behind them",
    "estan tocando la puerta y no se quienes son",
    "ils frappent a la porte depuis 10 minutes",
    "co nguoi dang go cua nha em",
])
def test_being_stopped_with_agents_or_someone_banging_on_the_door_now_is_an_emergency(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "someone is banging and telling me to open, i havent opened the door",
    "estan en la puerta y no les he abierto, dicen que son policias",
    "tem uns caras aqui na porta mandando eu abrir, nao abri ainda",
    "gen moun deyo a, yo vle m louvri, m poko louvri",
    "外面有人叫我开门 说是警察",
    "co nguoi keu mo cua, e chua mo cua",
    "ils me disent d ouvrir, je n ai pas ouvert",
])
def test_someone_at_the_door_now_who_has_not_been_let_in_is_an_emergency_in_every_language(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "ICE trucks in front of my building, they are outside",
    "estan afuera con un papel, la migra enfrente de mi casa",
    "tem carro do ice parado na frente do predio agora",
    "ICE devan kay mwen, yo deyo a",
    "外面有人说是警察 背心写着ICE",
    "canh sat chan xe e, ICE dung ke ben",
    "ils sont dehors, l ICE devant mon immeuble",
])
def test_agents_outside_the_building_or_beside_the_car_now_are_an_emergency_in_every_language(text):
    assert looks_like_emergency(text)


def test_texting_from_here_is_not_agents_being_here():
    assert not looks_like_emergency("nhan tin o day co bi ICE theo doi ko")  # "o day": here, this chat
    assert looks_like_emergency("ICE dang o day, lam sao")


def test_a_traffic_stop_last_month_without_agents_is_a_rights_question():
    assert not looks_like_emergency("the police pulled me over last month, what are my rights")


@pytest.mark.parametrize("text", [
    "ICE đang bắt chồng tôi",  # "đ" does not decompose: it must still read as "dang bat"
    "họ đang đập cửa nhà tôi",
    "truong hop khan cap ice dang bat chong toi",  # "truong hop" (case) is no "what if"
    "they're taking my husband",
    "ils m'ont arrêtée et l'ICE est là",
])
def test_vietnamese_with_its_own_letters_and_other_spellings_still_reach_the_rule(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "they are taking fingerprints at the DMV, does ICE get them",
    "quanto tempo estao levando para emitir a carteira?",
    "toi bi giu bang lai",  # my license was held
    "ils prennent ma photo pour le permis",
    "toi dang bat dau hoc lai xe",  # I am starting driving lessons
    "ils le mettent dans le systeme de l immigration?",
    "si a mi esposo lo paran sin licencia, se lo llevan?",
    "移民局会不会要带走我的孩子",
    "konbyen tan y ap pran pou ban m lisans",
    "I just took my driving test, does the DMV share it with ICE",  # "took" alone is no event
    "es seguro ir al DMV enfrente de mi casa",
])
def test_everyday_questions_that_share_words_with_emergencies_are_not_emergencies(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "Im pulled over and the cop says he called immigration, they r on the way. im still in the car",
    "estamos escondidos en el cuarto, los de chalecos dicen ICE",
    "eles tao pedindo pra entrar, so querem conversar com meu irmao",
    "ils ont encercle le magasin, l immigration controle les papiers",
    "2 nèg ak vès devan kay la, yo ap gade kay la",
    "co xe ko bien so truoc nha, 2 nguoi nhin vo nha, ICE",
    "而家好多着背心嘅人逐個查身份",
])
def test_a_stop_where_ice_was_called_hiding_or_men_asking_to_come_in_now_are_emergencies(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "meu tio foi detido pelo ICE ano passado e ta num centro de detencao ate hoje",  # "hoje" in "ate hoje": still held
    "我叔叔去年被ICE抓了，到现在还关在拘留所",
    "my wife was arrested by immigration in October and is still detained, we need a lawyer",
    "minha cunhada foi pega semana passada numa batida, onde acho advogado",
    "se llevaron a mi mama hace dos semanas, hay ayuda legal gratuita?",
    "y a eu un raid a l usine le mois passe, c est fini maintenant",
    "what should i teach my kids if agents come knocking one day",  # "knocking", but one day
])
def test_a_detention_in_the_past_or_a_visit_one_day_is_not_an_emergency(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "si je change d adresse au DMV, l immigration sera au courant? c pas urgent je me renseigne",
    "我表哥去年被ICE抓了 想找法律援助 不是今天就要但是要尽快",
    "mn oi can gap luat su, ko phai khan cap hom nay, ba e co giay hen ICE",
])
def test_a_writer_who_says_it_is_not_urgent_is_not_an_emergency(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "ils ont arrete mon oncle ya 3 mois, on cherche un avocat",
    "sa gen 3 mwa yo arete tonton m, kounya li nan yon sant detansyon, kote m ka jwenn avoka",
    "meu tio foi preso faz uns 3 meses, como acho advogado",
    "我舅舅三个月前被抓了 现在还关着 怎么找律师",
    "chu toi bi bat 3 thang truoc, gio can tim luat su",
    "se llevaron a mi tio hace unos 3 meses y ahora tengo miedo de manejar",
])
def test_a_detention_some_months_ago_is_not_an_emergency_even_with_now_in_it(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "is it safe to apply now with ICE everywhere in the news",
    "es seguro sacar la licencia ahora con tanta migra",
    "vale a pena tirar a carteira agora com o ICE pegando gente?",
    "eske li bon pou m aplike kounya ak tout ICE sa yo",
    "现在申请驾照安全吗 ICE到处抓人",
    "bay gio di thi bang lai co an toan ko, ICE nhieu qua",
    "c est risque de faire le permis maintenant avec ICE partout?",
])
def test_a_question_about_applying_now_is_not_an_emergency(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "people say ICE is at the flea market on sundays, is it true?",
    "dicen que la migra anda en la pulga, es cierto?",
    "yo di ICE nan mache a chak samdi, se vre?",
    "听说ICE在法拉盛抓人 真的假的",
    "nghe noi ICE o cho VN cuoi tuan, co that ko",
    "on dit que l immigration est au Walmart, c vrai?",
    "dizem q o ICE ta no Walmart, e verdade?",
])
def test_a_question_about_a_rumour_is_not_an_emergency(text):
    assert not looks_like_emergency(text)
    assert says_it_is_not_now(text)  # nor when the classifier thinks so: the question is answered


@pytest.mark.parametrize("text", [
    "police stopped me last night and asked about immigration, what do i say next time",
    "hom qua co nguoi go cua noi la ICE, lan sau ho quay lai thi co phai mo ko",
    "des agents ont frappe chez la voisine hier, s ils reviennent et frappent chez moi je dois ouvrir?",
    "ye swa lapolis te kanpe m, li mande papye imigrasyon, kisa pou m di pwochen fwa",
    "me and my wife want a plan for the kids in case we get detained someday",
])
def test_a_question_about_next_time_or_in_case_is_not_an_emergency(text):
    assert not looks_like_emergency(text)
    assert says_it_is_not_now(text) or "in case" in text


@pytest.mark.parametrize("text", [
    "police took my license and said wait here, immigration is coming",
    "feds at the plant asking everybody for papers",
    "hay hombres con chalecos en el pasillo preguntando por mi vecino",
    "tem blitz agr com a imigracao parando todo mundo",
    "tem 2 caras do homeland na recepcao do hospital perguntando por alguem",
    "門口有兩個人說是Homeland Security 要找我哥",
    "une voiture banalisee me suit depuis 10 minutes, je crois que c est l immigration",
    "unmarked car with feds outside since last night, one guy got out and got back in",
])
def test_agents_asking_for_someone_following_a_car_or_coming_now_are_emergencies(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "ICE is at my door, I don't know if they have a warrant",
    "o ICE ta na porta, nao sei se eles tem mandado",
    "ICE devan pot la, m pa konn si yo gen manda",
    "ICE est devant la porte, je sais pas si ils ont un mandat",
    "la migra esta en la puerta, no se si tienen orden",
])
def test_an_if_that_means_whether_does_not_turn_an_emergency_into_a_question(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "saw ICE agents at the gas station this morning but they're gone now, is it safe to drive to work?",
    "my license says federal limits apply, can i drive outside my state with it",
    "deportaron a mi cunado el ano pasado y ahora me da miedo manejar, la licencia sirve en otro estado?",
    "听说ICE在超市抓人 真的假的 我现在都不敢出门买菜",
    "ICE is coming to Chicago next week, should I wait?",  # news, not someone on the way now
])
def test_agents_who_have_left_a_federal_mark_or_a_fear_now_are_not_emergencies(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "they came in without showing any paper, we are hiding in the bathroom",
    "eles entraram em casa sem mostrar papel nenhum",
    "ils sont entres dans la maison sans mandat, ils fouillent tout",
    "他们已经进来了 在翻东西",
    "我弟去ICE报到 被扣留了 我在大楼外面",
    "una camioneta me venia siguiendo y me prendieron las luces, creo q es la migra",
])
def test_agents_who_have_come_in_or_just_held_someone_are_an_emergency(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "officer at my window right now asking for my license, i have none",
    "el policia me esta parando ahorita y me pide la licencia",
    "o policial ta vindo pro carro agora, to sendo parado",
    "polis la kanpe machin mwen kounye a",
    "警察现在把我拦下了 在车窗外问我要证件",
    "canh sat dang chan xe toi bay gio",
    "le policier est a ma fenetre maintenant",
])
def test_a_stop_in_a_car_now_is_an_emergency_that_needs_the_traffic_stop_answer(text):
    assert looks_like_emergency(text) and at_a_traffic_stop(text)


@pytest.mark.parametrize("text", [
    "cop pulled me over yesterday and asked where i was born, do i have to answer?",
    "ayer me paro la policia y me pregunto si tengo papeles, tenia q contestar?",
    "ontem o policial me parou numa blitz, ele podia pedir meu passaporte?",
    "hier la police m a arrete pour un feu rouge, il avait le droit de demander mon statut?",
])
def test_a_stop_in_a_car_yesterday_is_a_question(text):
    assert not looks_like_emergency(text) and says_it_is_not_now(text)


@pytest.mark.parametrize("text", [
    "my husband was detained yesterday by ICE, where is he",
    "ayer detuvieron a mi esposo en el trabajo, no se donde esta",
])
def test_someone_detained_yesterday_is_still_an_emergency(text):
    assert looks_like_emergency(text) and not says_it_is_not_now(text)


def test_agents_at_the_door_need_the_door_answer_not_the_traffic_stop_one():
    assert looks_like_emergency("ICE is knocking at my door right now") and not at_a_traffic_stop("ICE is knocking at my door right now")


@pytest.mark.parametrize("text", ["they're here!!", "ya llegaron", "eles chegaram", "yo la", "他们来了", "ho toi roi", "ils sont là"])
def test_they_are_here_as_a_whole_message_is_an_emergency(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "they are here legally since 2010, can they get a license?",
    "ils sont là depuis 5 ans, ils peuvent avoir le permis?",
])
def test_they_are_here_inside_a_question_is_not_an_emergency(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "CBP has me in a room at the airport and took my passport",
    "me tienen en un cuarto en el aeropuerto y me quitaron el pasaporte",
    "la douane a pris mon passeport, ils veulent fouiller mon telephone",
    "海关把我拉到小房间 手机被拿走了",
])
def test_being_held_at_an_airport_or_a_border_is_an_emergency(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "le policier me garde au bord de la route depuis 20min",
    "CBP me tiene en el aeropuerto desde hace 3 horas",
    "海关把我关在机场两个多小时了",
])
def test_being_held_for_minutes_or_hours_is_happening_now(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "my DMV appointment is monday and im afraid that ICE will be waiting outside, is it safe to go?",
    "to com medo de chegar no dmv e ter ice esperando na porta, e seguro ir?",
    "打算下个月去DMV办驾照 但怕排队的时候ICE在外面等人 去办安全不",
])
def test_a_fear_of_agents_waiting_at_the_dmv_is_a_question_about_applying(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "my brother has been held by ICE for 3 months, how do I find his court date",
    "kouzen m nan detansyon ICE depi 3 mwa, kijan pou m konnen dat odyans li",
    "anh toi bi ICE giam o Adelanto 3 thang nay, lam sao biet ngay ra toa",
    "我哥被ICE关了三个多月了 怎么查开庭日期",
])
def test_a_detention_that_has_lasted_months_is_not_happening_now(text):
    assert says_it_is_not_now(text) and not looks_like_emergency(text)


@pytest.mark.parametrize("text, not_now", [
    ("what if ICE comes to my house while I am at work, should my daughter open?", True),
    ("万一我上班的时候ICE来家里 我女儿要不要开门", True),
    ("what if I don't open? they are knocking right now", False),
    ("y si no abro? estan tocando la puerta", False),
])
def test_a_what_if_is_not_now_unless_something_is_happening(text, not_now):
    assert says_it_is_not_now(text) is not_now


@pytest.mark.parametrize("text", [
    "the police got their lights on behind me, pulling me over rn what do i do",
    "le policier me dit de sortir de la voiture, il est a cote de moi",
    "urgente o guarda ta com meu documento faz tempo e eu aqui no acostamento",
])
def test_a_police_stop_happening_now_is_an_emergency_with_the_traffic_stop_answer(text):
    assert looks_like_emergency(text) and at_a_traffic_stop(text)


@pytest.mark.parametrize("text", [
    "saw on tiktok that ICE is outside the DMV in Austin arresting people, should i still go next week",
    "tuve una pesadilla que la migra se llevaba a mi esposo, ahora no duermo",
    "j'ai fait un cauchemar que la police m'arretait, je peux voir un avocat maintenant au cas ou?",
    "做噩梦梦见ICE来抓我 现在睡不着",
    "el dmv le da mi direccion a la migra o se la piden y ya?",
    "meu irmao foi preso pelo ice mes passado e agora ta com processo, como ajudo ele?",
    "police chan xe thi minh co phai tra loi ko",
])
def test_a_rumour_online_a_nightmare_a_past_arrest_or_an_if_are_not_emergencies(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "je suis en garde a vue depuis une heure, ils disent que l'immigration arrive",
    "o ice ta com meu marido faz uma hora no estacionamento",
    "a viatura ta atras de mim agr com a luz ligada",
    "em dang bi giu lai o ben xe, ho van dung ke ben em",
])
def test_held_for_an_hour_in_words_a_police_car_or_being_held_now_are_emergencies(text):
    assert looks_like_emergency(text)


def test_a_detention_last_month_and_fear_now_is_a_question_in_chinese():
    assert says_it_is_not_now("上个月我朋友被ICE抓了，我现在每天都很怕，如果他们来我家怎么办")


@pytest.mark.parametrize("text", [
    "my son is at the police station for 2 hours they want him to sign something",
    "il est au commissariat depuis 1h, ils veulent qu'il signe un papier",
    "mi hijo esta en la estacion de policia hace 2 horas y no lo dejan salir",
    "meu marido ta na delegacia faz 3 horas",
])
def test_someone_held_at_a_police_station_for_hours_now_is_an_emergency(text):
    assert looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "ane pase lapolis te arete m, konnya m ap mande si yo ka itilize foto m",
    "police arrested me in 2019, now im asking if they can match my photo to my license",
    "我朋友说现在都有这种系统 警察会用驾照照片做人脸识别吗",
])
def test_a_now_that_only_asks_or_means_nowadays_is_no_emergency(text):
    assert not looks_like_emergency(text)


@pytest.mark.parametrize("text", [
    "me acaba d parar la policia y estoy orillado, q hago",
    "estan tocando y dicen q traen una orden, no se si abrir",
    "cs dang chan xe toi, ho doi bang lai",
])
def test_a_stop_just_now_someone_unsure_whether_to_open_and_texting_abbreviations_are_emergencies(text):
    assert looks_like_emergency(text)


def test_an_arrest_last_tuesday_of_someone_now_in_a_detention_center_is_a_question():
    assert not looks_like_emergency("el martes pasado detuvieron a mi primo y ya lo tienen en un centro de detencion, necesito abogado")
