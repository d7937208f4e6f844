"""Korean labels of the diagrams, layer diagrams and plots: {English text: Korean text} (see korean.py).

The terms are those of the Korean edition of the book (밑바닥부터 시작하는 딥러닝 2). Mathtext ($...$) has
no Hangul glyphs, so a Korean label never mixes the two: where the English label holds $h_t$, the Korean
one writes hₜ with Unicode subscripts (lib.viz.style.sub).
"""
FIGURES = {
    # ------------------------------------------------------------ diagrams/language_model.py (5.1)
    "CBOW\n(word2vec)": "CBOW\n(word2vec)",
    "language\nmodel": "언어\n모델",
    "P(target | {window} word(s) on each side)": "P(타깃 | 양옆 {window}개씩의 단어)",
    "P(target | all words on the left)": "P(타깃 | 왼쪽의 모든 단어)",
    "context used": "사용하는 맥락",
    "target (to predict)": "타깃 (예측할 단어)",
    "Which words does each model look at to predict the target?": "타깃을 예측할 때 각 모델이 보는 단어",
    "P(word | all words on its left)": "P(단어 | 왼쪽의 모든 단어)",
    "Conditional probability of each word": "각 단어의 사후 확률 (조건부 확률)",
    "product up to this word": "이 단어까지의 곱",
    "product up to this word (log scale)": "이 단어까지의 곱 (로그 눈금)",
    "Running product: P(sentence) = {joint:.4f}": "누적 곱: P(문장) = {joint:.4f}",

    # ------------------------------------------------------------ diagrams/unrolled.py (5.2.1-5.2.4)
    "{h} goes back in\n(next step's {h_prev})": "{h}가 다시 입력됨\n(다음 시각의 {h_prev})",
    "RNN: a closed path (loop)": "RNN: 순환 경로(닫힌 경로)가 있음",
    "Feed-forward: one direction only": "피드포워드: 한 방향으로만 흐름",
    "forward: h carries on": "순전파: h가 다음 시각으로 이어짐",
    "backward: gradient flows back": "역전파: 기울기가 거꾸로 흐름",
    "The RNN unrolled over T = {T} time steps (one layer, shared weights)":
        "T = {T}개 시각으로 펼친 RNN (계층은 하나, 가중치 공유)",
    "BPTT with a loss L on the last step only; red numbers: the size "
    "\u2016\u2202L/\u2202h\u209c\u2016 of the gradient each arrow carries":
        "마지막 시각에만 손실 L이 있는 BPTT. 빨간 숫자: 각 화살표가 전하는 기울기의 크기 "
        "\u2016\u2202L/\u2202h\u209c\u2016",
    "BPTT: backward through all T = {T} steps": "BPTT: T = {T}개 시각 전체를 역전파",
    "Truncated BPTT: T = {T} steps in blocks of {block_size}":
        "Truncated BPTT: T = {T}개 시각을 {block_size}개씩 블록으로 나눔",
    "block {k}": "블록 {k}",

    # ------------------------------------------------------------ diagrams/batch_layout.py (5.2.5)
    "iteration {k} (time_idx {time_idx})": "반복 {k} (time_idx {time_idx})",
    "row start (offset)": "행의 시작 위치 (오프셋)",
    "all rows": "모든 행",
    "row {i}": "행 {i}",
    "position in the corpus (0 .. {last}); wraps around at the end":
        "말뭉치 안의 위치 (0 .. {last}); 끝에 닿으면 처음으로 돌아감",
    "Mini-batch layout: batch_size={batch_size}, time_size={time_size}, "
    "jump = {data_size} // {batch_size} = {jump}":
        "미니배치 구성: batch_size={batch_size}, time_size={time_size}, "
        "jump = {data_size} // {batch_size} = {jump}",
    "iteration {k}": "반복 {k}",
    "one square per word read (time_size = {time_size})": "읽은 단어 하나에 사각형 하나 (time_size = {time_size})",
    "the time_size = {time_size} words each row reads": "각 행이 읽는 단어 time_size = {time_size}개",
    "zoom: the words each row reads": "확대: 각 행이 읽는 단어",

    # ------------------------------------------------------------ plots.py: BPTT's memory and gradients (5.2.3)
    "sequence length T (time steps back-propagated at once)": "시계열 길이 T (한 번에 역전파하는 시각 수)",
    "cached for backward (MiB)": "역전파를 위해 저장한 메모리 (MiB)",
    "BPTT keeps every step's activations until backward": "BPTT는 역전파 때까지 모든 시각의 중간 결과를 보관",
    "time step t (the loss is on the last step)": "시각 t (손실은 마지막 시각에만 있음)",
    "$\\|\\partial L / \\partial h_t\\|$ (log scale)": "\u2016\u2202L/\u2202h\u209c\u2016 (로그 눈금)",
    "How much gradient reaches earlier steps": "앞쪽 시각까지 전해지는 기울기의 크기",

    # ------------------------------------------------------------ plots.py: training (5.5, 5.6)
    "epoch": "에폭",
    "perplexity": "퍼플렉서티",
    "perplexity (log scale)": "퍼플렉서티 (로그 눈금)",
    "Perplexity during training": "학습 중의 퍼플렉서티",
    "the model's top word": "모델의 1순위 단어",
    "other words": "다른 단어",
    "correct next word": "정답 (실제 다음 단어)",
    "probability": "확률",

    # ------------------------------------------------------------ layer_diagrams/rnn_layers.py (5.3)
    "Shapes in one RNN step (mini-batch of N rows)": "RNN 계층 한 시각의 형상 (미니배치 N개 행)",
    "inner sizes must match: (N, H) @ (H, H) and (N, D) @ (D, H) both give (N, H); b (H,) is added to every row":
        "행렬 곱은 안쪽 크기가 같아야 합니다: (N, H) @ (H, H)와 (N, D) @ (D, H)는 모두 (N, H)가 되고, "
        "b (H,)는 모든 행에 더해집니다",
    "Backward of one RNN step: gradients flow right to left": "RNN 계층 한 시각의 역전파: 기울기는 오른쪽에서 왼쪽으로",
    "Forward of one RNN step: h_next = tanh(h_prev @ Wh + x @ Wx + b)":
        "RNN 계층 한 시각의 순전파: h_next = tanh(h_prev @ Wh + x @ Wx + b)",
    "added to\nevery row": "모든 행에\n더함",
    "dt = dh_next * (1 - h_next**2)\nbecause tanh'(a) = 1 - tanh(a)**2\n"
    "and h_next = tanh(a): dt is the\ngradient at the input a of tanh":
        "dt = dh_next * (1 - h_next**2)\ntanh'(a) = 1 - tanh(a)**2이고\n"
        "h_next = tanh(a)이므로, dt는\ntanh의 입력 a에서의 기울기",
    "h_next\n{shape}\nto the layer above": "h_next\n{shape}\n위 계층으로",
    "to step t+1": "시각 t+1로",
    "Time RNN backward: the two gradients reaching h_t are added":
        "Time RNN 계층의 역전파: h\u209c에 도달한 두 기울기를 더함",
    "Time RNN: T steps of one RNN layer with shared Wx, Wh, b": "Time RNN 계층: Wx, Wh, b를 공유하는 RNN 계층 T개",
    "Time RNN": "Time RNN 계층",

    # ------------------------------------------------------------ layer_diagrams/rnnlm_layers.py (5.4)
    "{formula}: the mean loss over the T = {T} steps": "{formula}  (T = {T}개 시각의 손실 평균)",
    "word ids": "단어 ID",
    "scores": "점수",
    "targets": "타깃",
    "Time\nEmbedding": "Time Embedding\n계층",
    "Time Affine": "Time Affine\n계층",
    "Time Softmax\nwith Loss": "Time Softmax\nwith Loss 계층",
    "scores {x}": "점수 {x}",
    "label {t}": "정답 레이블 {t}",
    "mean over the T steps (and the N rows): L": "T개 시각과 N개 행의 평균: L",
    "Time Affine: T separate products, or one product over N*T rows":
        "Time Affine 계층: 행렬 곱을 T번 따로, 또는 N*T개 행에 한 번에",
    "T = {T} products (N, D) @ (D, M), same W and b": "(N, D) @ (D, M) 행렬 곱 T = {T}번, 같은 W와 b",
    "xs rows": "xs의 행",
    "ys rows": "ys의 행",
    "one product; each colour band is one step's N rows": "행렬 곱 한 번: 색 띠 하나가 한 시각의 N개 행",
    "next word": "다음 단어",
    "input word at step t (context: all words up to it)": "시각 t의 입력 단어 (맥락: 그 단어까지의 모든 단어)",
    "red frame: the model's top word at each step (the largest probability of the row, its argmax)":
        "빨간 테두리: 각 시각에서 모델의 1순위 단어 (그 행에서 가장 큰 확률, argmax)",
}
