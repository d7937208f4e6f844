"""Korean labels of the explorers, widgets and the presenter's path: {English text: Korean text} (see korean.py).

Widget texts may hold HTML (<sub>, &times;); the Korean ones keep the same markup and {placeholders}.
"""
WIDGETS = {
    # ---------------------------------------------------------------- explorer figures (lib/viz/explorers)
    # the gradient explorer
    "vanishing": "기울기 소실",
    "exploding": "기울기 폭발",
    "roughly level": "거의 일정",
    "\u2016\u2202L/\u2202h\u209c\u2016 (log scale)": "\u2016\u2202L/\u2202h\u209c\u2016 (로그 눈금)",
    "bound: \u03c3\u2098\u2090\u2093 ** (steps back) \u00d7 gradient at the loss":
        "상한: \u03c3\u2098\u2090\u2093 ** (거슬러 간 시각 수) \u00d7 손실 위치의 기울기",
    "{wh} with largest singular value {scale:g}": "최대 특잇값이 {scale:g}인 {wh}",
    "{wh} with scale {scale:g}": "배율 {scale:g}인 {wh}",
    "T = {T}, H = {H}: \u03c3\u2098\u2090\u2093({wh}) = {sigma:.2f}, spectral radius {radius:.2f} "
    "\u2192 {verdict} (first / last = {ratio:.1e})":
        "T = {T}, H = {H}: \u03c3\u2098\u2090\u2093({wh}) = {sigma:.2f}, 스펙트럼 반경 {radius:.2f} "
        "\u2192 {verdict} (처음 / 마지막 = {ratio:.1e})",
    # the mini-batch offsets explorer
    "jump = {data_size} // {batch_size} = {jump}; iteration {iteration} = epoch {epoch}, step {step} of {per_epoch}":
        "jump = {data_size} // {batch_size} = {jump}; 반복 {iteration} = 에폭 {epoch}의 {step}번째 "
        "(에폭당 {per_epoch}번)",
    "the corpus has {data_size} input tokens, too short for batch_size x time_size = {batch_size} x {time_size} = "
    "{per_iter} tokens per iteration; use a longer corpus or a smaller batch_size or time_size":
        "말뭉치의 입력 토큰이 {data_size}개뿐이라, 반복마다 읽는 batch_size \u00d7 time_size = "
        "{batch_size} \u00d7 {time_size} = {per_iter}개보다 적습니다. 더 긴 말뭉치를 쓰거나 batch_size나 "
        "time_size를 줄이세요.",
    # the RNNLM inspector
    "hidden unit (H = {H})": "은닉 상태 벡터의 원소 (H = {H})",
    "hidden state {h} after reading each word": "각 단어를 읽은 뒤의 은닉 상태 {h}",
    "after \u201c{word}\u201d": "\u201c{word}\u201d 다음",
    "top-{k} next words (green frame: the sentence's next word)":
        "다음 단어 상위 {k}개 (초록 테두리: 문장의 실제 다음 단어)",
    # the language-model probability explorer
    "count-based, all words on the left": "횟수 기반, 왼쪽의 모든 단어가 맥락",
    "count-based, previous word only (bigram)": "횟수 기반, 바로 앞 단어만 맥락 (바이그램)",
    "\u221e (a factor is 0: the model never saw this)": "\u221e (0인 인수가 있음: 모델이 본 적 없는 문장)",
    "P(word | the word before it)": "P(단어 | 바로 앞 단어)",
    "{model}:  P(sentence) = {joint:.4f},  perplexity = P(sentence) ** (-1/{n}) = {ppl}":
        "{model}:  P(문장) = {joint:.4f},  퍼플렉서티 = P(문장) ** (-1/{n}) = {ppl}",
    # the unrolling explorer
    "real values of {h} (H = {H}) from lib.TimeRNN on \u201c{sentence}\u201d, steps 0..{step}":
        "\u201c{sentence}\u201d에 lib.TimeRNN을 실행한 {h}의 실제 값 (H = {H}), 시각 0..{step}",

    # ---------------------------------------------------------------- the panels (lib/viz/widgets)
    "answer (click to reveal)": "답 (클릭하면 보입니다)",
    "Question": "질문",
    "Question {number}": "질문 {number}",
    "<{title} widget>": "<{title} 위젯>",
    "error: {kind}: {message}": "오류: {kind}: {message}",
    "sentence": "문장",
    "Type a sentence and press Enter.": "문장을 입력하고 Enter를 누르세요.",
    # 1. unrolling
    "Unrolling explorer": "순환 구조 펼치기 탐색기",
    "time steps T": "시각 수 T",
    "truncation block": "블록 크기",
    "forward flow (h carries on)": "순전파 (h가 이어짐)",
    "backward flow (BPTT)": "역전파 (BPTT)",
    "show h up to step": "h를 보일 시각",
    "play": "재생",
    "Blue: the forward flow (h<sub>t-1</sub> &rarr; step t). Red: the backward flow (BPTT). A truncation block "
    "smaller than T cuts the red arrows at block borders, never the blue ones. Press play to run the RNN word by "
    "word and watch h<sub>t</sub>.":
        "파란색은 순전파의 흐름(h<sub>t-1</sub> &rarr; 시각 t), 빨간색은 역전파의 흐름(BPTT)입니다. 블록 크기를 "
        "T보다 작게 하면 블록 경계에서 빨간 화살표가 끊기고, 파란 화살표는 끊기지 않습니다. 재생을 누르면 RNN이 "
        "단어를 하나씩 읽으며 h<sub>t</sub>가 채워지는 모습을 볼 수 있습니다.",
    # 2. mini-batch offsets
    "Mini-batch offsets": "미니배치의 오프셋",
    "batch_size (rows)": "batch_size (행 수)",
    "iteration": "반복 (iteration)",
    "also show the previous iteration": "직전 반복도 보기",
    "row {row} reads positions {first}..{last}": "행 {row}: 위치 {first}..{last}",
    "... and {n} more rows": "... 외 행 {n}개",
    "Row i starts at offset i &times; (data_size // batch_size) and reads time_size words per iteration, "
    "continuing where it stopped; positions wrap around at the end of the corpus (data_size = {data_size}).":
        "행 i는 오프셋 i &times; (data_size // batch_size)에서 시작해 반복마다 단어 time_size개를 읽고, "
        "다음 반복에서는 멈춘 곳부터 이어서 읽습니다. 말뭉치 끝에 닿으면 처음 위치로 돌아갑니다"
        "(data_size = {data_size}).",
    # 3. gradients through time
    "Gradients through time": "시간을 거슬러 가는 기울기",
    "W\u2095 scale": "W\u2095의 배율",
    "scale \u00d7 randn(H,H)/\u221aH": "배율 \u00d7 randn(H,H)/\u221aH",
    "largest singular value": "최대 특잇값",
    "the slider sets": "슬라이더가 정하는 값",
    "random seed": "난수 시드",
    "The loss sits on the last step; each step back multiplies the gradient by tanh' and W<sub>h</sub><sup>T</sup>. "
    "Small W<sub>h</sub>: it vanishes. Large W<sub>h</sub>: it explodes (until tanh saturates). The log axis turns "
    "exponential change into a straight line. &sigma;<sub>max</sub>(W<sub>h</sub>), the largest singular value "
    "(최대 특잇값), is the most W<sub>h</sub> can stretch a vector; the spectral radius (스펙트럼 반경) is its "
    "largest |eigenvalue|, the factor of growth per step of a long product of W<sub>h</sub> alone.":
        "손실은 마지막 시각에 있습니다. 한 시각 거슬러 갈 때마다 기울기에 tanh'와 W<sub>h</sub><sup>T</sup>가 "
        "곱해집니다. W<sub>h</sub>가 작으면 기울기가 소실되고, 크면 (tanh가 포화될 때까지) 폭발합니다. 로그 축에서는 "
        "지수적 변화가 직선으로 보입니다. 최대 특잇값(largest singular value) &sigma;<sub>max</sub>(W<sub>h</sub>)는 "
        "W<sub>h</sub>가 벡터를 늘릴 수 있는 최대 배율이고, 스펙트럼 반경(spectral radius)은 고윳값의 절댓값 중 "
        "가장 큰 것으로, W<sub>h</sub>만 길게 거듭 곱할 때 한 시각마다 커지는 비율입니다.",
    # 4. RNNLM inspector
    "RNNLM inspector": "RNNLM 들여다보기",
    "Not in the model's vocabulary of {V} words: {unknown}. Use words of the training text (lower case; numbers "
    "are 'N', rare words '{unk}'), e.g. \u201c{example}\u201d.":
        "모델의 어휘 {V}개에 없는 단어: {unknown}. 학습 텍스트의 단어를 쓰세요(소문자로, 숫자는 'N', 드문 단어는 "
        "'{unk}'). 예: \u201c{example}\u201d.",
    "Type a sentence (words separated by spaces) and press Enter.":
        "문장을 입력하고(단어는 띄어 써서 구분합니다) Enter를 누르세요.",
    "showing the first {n} words": "처음 {n}개 단어만 보여 줍니다",
    "The model reads the sentence from a zero state. Left: its hidden state after each word (H = {H} units). "
    "Right: the {k} words it finds most likely next. Type a sentence and press Enter (vocabulary: {V} words).":
        "모델은 은닉 상태 0에서 시작해 문장을 읽습니다. 왼쪽은 각 단어를 읽은 뒤의 은닉 상태(원소 H = {H}개), "
        "오른쪽은 다음 단어로 확률이 가장 높은 {k}개입니다. 문장을 입력하고 Enter를 누르세요(어휘 수: {V}).",
    # 5. language-model probability explorer
    "Language-model probability explorer": "언어 모델 확률 탐색기",
    "model": "모델",
    "all words on the left": "왼쪽의 모든 단어",
    "previous word only (bigram)": "바로 앞 단어만 (바이그램)",
    "Not in the corpus: {unknown}. The corpus has the words: {vocab}":
        "말뭉치에 없는 단어: {unknown}. 말뭉치의 단어: {vocab}",
    "No final '.': the product is the probability that a sentence <i>begins</i> with these words.":
        "끝에 마침표('.')가 없습니다. 이 곱은 문장이 이 단어들로 <i>시작할</i> 확률입니다.",
    "A count-based model of the {n}-sentence corpus: P(w<sub>t</sub> | context) = count(context + w<sub>t</sub>) "
    "/ count(context). P(sentence) is the product of the bars; perplexity = P(sentence)<sup>-1/n</sup>.":
        "문장 {n}개로 된 말뭉치의 횟수 기반 모델: P(w<sub>t</sub> | 맥락) = count(맥락 + w<sub>t</sub>) / "
        "count(맥락). P(문장)은 막대들의 곱이고, 퍼플렉서티 = P(문장)<sup>-1/n</sup>입니다.",

    # ---------------------------------------------------------------- the presenter's path (widgets/presenter.py)
    "The presenter's path:": "발표 순서:",
    "a language model gives a sentence the product of its conditional probabilities":
        "언어 모델은 조건부 확률들의 곱으로 문장의 확률을 구합니다",
    "one layer unrolled through time; Truncated BPTT cuts only backward arrows":
        "계층 하나를 시간 방향으로 펼칩니다. Truncated BPTT는 역전파 화살표만 끊습니다",
    "backpropagated through many steps, gradients vanish or explode":
        "여러 시각을 거슬러 역전파하면 기울기가 소실되거나 폭발합니다",
    "each mini-batch row reads on from its own offset": "미니배치의 각 행은 자기 오프셋에서부터 이어서 읽습니다",
    "the trained RNN language model predicts the next word from the words so far":
        "학습한 RNN 언어 모델은 지금까지 읽은 단어로 다음 단어를 예측합니다",
    # 1. language model
    "Each bar is a conditional probability (조건부 확률; the book says 사후 확률) P(word | the words on its left). "
    "How do the bars make P(sentence)?":
        "막대 하나하나는 조건부 확률(책에서는 사후 확률) P(단어 | 그 왼쪽의 단어들)입니다. 막대들로 P(문장)을 어떻게 "
        "구할까요?",
    "P(sentence) is their product: {product} = {joint} (the joint probability, 동시 확률); "
    "perplexity = {joint}<sup>-1/{n}</sup> = {perplexity:.2f}.":
        "P(문장)은 막대들의 곱, 곧 동시 확률입니다: {product} = {joint}. "
        "퍼플렉서티 = {joint}<sup>-1/{n}</sup> = {perplexity:.2f}.",
    "Type \u201c{unseen}\u201d (not in the corpus), then switch to \u201cprevious word only\u201d: why does one model "
    "give it 0 and the other not?":
        "다음 문장은 말뭉치에 없습니다: \u201c{unseen}\u201d. 이 문장을 입력한 뒤 모델을 "
        "\u201c바로 앞 단어만\u201d으로 바꿔 보세요. 한 모델은 0을 주고 다른 모델은 그렇지 않은 이유는 무엇일까요?",
    "All words on the left: {p_all}, it was never counted whole (memory). Bigram: {p_bigram}, built from pairs it "
    "has seen: it generalises, but forgets all but the previous word.":
        "왼쪽의 모든 단어: {p_all}. 이 문장을 통째로 센 적이 없기 때문입니다(암기). 바이그램: {p_bigram}. 본 적 있는 "
        "단어 쌍으로 확률을 만들므로 일반화하지만, 바로 앞 단어 말고는 모두 잊습니다.",
    # 2. unrolling
    "Press play. The picture has {T} RNN boxes: how many weight matrices W<sub>x</sub>, W<sub>h</sub> does it "
    "have, and what does each step pass on?":
        "재생을 눌러 보세요. 그림에는 RNN 상자가 {T}개 있습니다. 가중치 행렬 W<sub>x</sub>, W<sub>h</sub>는 "
        "몇 개이고, 각 시각은 다음 시각에 무엇을 넘길까요?",
    "One W<sub>x</sub>, one W<sub>h</sub>, one b: the {T} boxes are one layer at {T} times (shared weights); each "
    "step passes h<sub>t</sub> on, so h<sub>{last}</sub> depends on all {T} words.":
        "W<sub>x</sub>, W<sub>h</sub>, b는 하나씩뿐입니다. 상자 {T}개는 계층 하나를 {T}개 시각으로 펼친 것이고, 모두 "
        "같은 가중치를 씁니다(가중치 공유). 각 시각이 h<sub>t</sub>를 넘기므로 h<sub>{last}</sub>의 값은 단어 {T}개 "
        "모두에 따라 달라집니다.",
    "Move the truncation block below T (e.g. {block}): which arrows disappear, and which stay?":
        "블록 크기를 T보다 작은 값(예: {block})으로 옮겨 보세요. 어떤 화살표가 사라지고 어떤 화살표가 남을까요?",
    "Only red backward arrows that cross a block border ({cut} of {links} at block {block}); all {links} blue "
    "forward arrows stay: Truncated BPTT cuts backpropagation, never the forward flow.":
        "블록 경계를 넘는 빨간 역전파 화살표만 사라집니다(블록 크기 {block}에서 {links}개 중 {cut}개). 파란 순전파 "
        "화살표 {links}개는 모두 남습니다. Truncated BPTT는 역전파만 끊고 순전파의 흐름은 끊지 않습니다.",
    # 3. gradients
    "At scale {scale:g}: how much of the gradient at the loss (step {last}) reaches step 0?":
        "배율 {scale:g}에서는 손실 위치(시각 {last})의 기울기 중 얼마가 시각 0까지 도달할까요?",
    "{ratio:.1e} of it, about &times;{per_step:.2f} per step back: each step multiplies by diag(1 &minus; "
    "h<sub>t</sub><sup>2</sup>) W<sub>h</sub><sup>T</sup>, and here these products shrink: the gradient vanishes.":
        "{ratio:.1e}배만 도달합니다. 한 시각 거슬러 갈 때마다 약 &times;{per_step:.2f}씩입니다. 시각마다 "
        "diag(1 &minus; h<sub>t</sub><sup>2</sup>) W<sub>h</sub><sup>T</sup>를 곱하는데, "
        "여기서는 이 곱이 점점 작아집니다. 기울기 소실입니다.",
    "Drag the scale to {large:g}: what happens? Compare the line with the dashed bound.":
        "배율을 {large:g}까지 옮겨 보세요. 무슨 일이 일어날까요? 실선을 점선(상한)과 비교해 보세요.",
    "It explodes: step 0 gets {ratio:.1e} times the gradient at the loss, far less than the bound "
    "&sigma;<sub>max</sub><sup>{last}</sup> = {bound:.0e}: saturated tanh units (1 &minus; h<sup>2</sup> near 0) "
    "pass little gradient back.":
        "기울기가 폭발합니다. 시각 0에는 손실 위치 기울기의 {ratio:.1e}배가 도달합니다. 그래도 상한 "
        "&sigma;<sub>max</sub><sup>{last}</sup> = {bound:.0e}보다는 훨씬 작습니다. 포화된 tanh 원소(1 &minus; "
        "h<sup>2</sup>가 0에 가까움)는 기울기를 거의 돌려보내지 않기 때문입니다.",
    # 4. mini-batch offsets
    "Step the iteration from 0 to 1: where does each row read next?":
        "반복(iteration)을 0에서 1로 옮겨 보세요. 각 행은 다음에 어디를 읽을까요?",
    "Right after where it stopped: row i reads from i &times; {jump} + {time_size} &times; iteration (row 1: "
    "{a}..{b}, then {c}..{d}), so the hidden state it carries belongs to the text it continues.":
        "멈춘 곳 바로 다음부터 읽습니다. 행 i는 위치 i &times; {jump} + {time_size} &times; 반복 번호부터 읽습니다"
        "(행 1: {a}..{b}, 다음은 {c}..{d}). 그래서 각 행이 이어받는 은닉 상태가 그 행이 이어 읽는 텍스트와 "
        "맞아떨어집니다.",
    "At which iteration does a row first run past the last word ({last}), and what does it read?":
        "행이 마지막 단어(위치 {last})를 처음으로 넘어가는 것은 몇 번째 반복일까요? 그때 그 행은 무엇을 읽을까요?",
    "Iteration {iteration}: row {row} reads {positions}, it wraps around to the start of the corpus (positions "
    "modulo {data_size}).":
        "반복 {iteration}입니다. 이때 행 {row}에서 읽는 위치는 {positions}이고, 말뭉치 끝에서 처음으로 "
        "돌아갑니다(위치는 data_size로 나눈 나머지, data_size = {data_size}).",
    # 5. RNNLM
    "After \u201c{word}\u201d, how sure is the model of \u201c{next}\u201d, and why?":
        "\u201c{word}\u201d 다음 단어가 \u201c{next}\u201d일 확률을 모델은 얼마로 볼까요? 그 이유는 무엇일까요?",
    "occurs {seen} time in its {n} training words": "학습 단어 {n}개 안에 {seen}번 나옵니다",
    "occurs {seen} times in its {n} training words": "학습 단어 {n}개 안에 {seen}번 나옵니다",
    "P(\u201c{next}\u201d) = {p:.2f}, rank {rank} of {V}: \u201c{word} {next}\u201d {occurs}. It learned (much of "
    "it by heart) the text it was trained on.":
        "P(\u201c{next}\u201d) = {p:.2f}, 어휘 {V}개 중 {rank}위입니다. \u201c{word} {next}\u201d: {occurs}. "
        "모델은 학습 텍스트를 배웠고, 그 상당 부분을 외웠습니다.",
    "Type \u201c{sentence}\u201d, then the same words backwards: how many green frames (the actual next word in the "
    "top 5) does each get?":
        "다음 문장을 입력하고, 이어서 같은 단어들을 거꾸로 입력해 보세요: \u201c{sentence}\u201d. 초록 "
        "테두리(실제 다음 단어가 상위 5개 안에 있음)는 각각 몇 개일까요?",
    "In order {hits} of {steps}, backwards {hits_back}: the prediction depends on the order of the words read so "
    "far, which the hidden state carries.":
        "원래 순서로는 {steps}개 중 {hits}개, 거꾸로는 {hits_back}개입니다. 예측은 지금까지 읽은 단어들의 순서에 "
        "따라 달라지고, 그 순서를 은닉 상태가 전달합니다.",
}
