"""The Korean edition's verdicts and hints of the exercise checkers: {English text: Korean text}.

English text is the key (lib/language.py); Exercise.tr(text) looks it up when the checker was made
with lang="ko". Texts with numbers are formatted after translation: `self.tr("got {got}").format(got=3)`.
The Korean keeps every {placeholder} of its key, and the staging of the English: the nudge says where to
look, the detail (printed from the second wrong answer on) says what is wrong; neither gives the answer.
Terms are the Korean edition's (밑바닥부터 시작하는 딥러닝 2): 사후 확률, 확률의 곱셈정리, 은닉 상태, 기울기,
형상, 계층, 퍼플렉서티, 분기 수, 에폭, 미니배치, 오프셋, 수치 미분, 상대 오차, 기울기 클리핑 ...
"""
KOREAN = {
    # ------------------------------------------------------------ lib/exercises/__init__.py: the verdicts
    "not attempted yet": "아직 풀지 않았습니다",
    "correct": "정답입니다",
    "not yet: ": "아직 정답이 아닙니다. ",

    # ------------------------------------------------------------ language_models.py (5.1)
    "the sentence must occur in the corpus: its probability would be 0":
        "문장이 말뭉치에 있어야 합니다. 없으면 그 확률은 0입니다",
    "give one number (a float), the product of the four factors.":
        "숫자 하나(float)로 답하세요. 네 인수를 곱한 값입니다.",
    "{value:g} is not a probability: a product of probabilities lies between 0 and 1.":
        "확률이 {value:g}일 수는 없습니다. 확률을 곱한 값은 0과 1 사이에 있습니다.",
    "Each factor is count(context + word) / count(context), a number between 0 and 1.":
        "각 인수는 count(맥락 + 단어) / count(맥락)이므로 0과 1 사이의 수입니다.",
    "you have all but one of the factors: the chain rule has one factor per word, the first word and the final '.' "
    "included.":
        "인수 하나가 빠졌습니다. 확률의 곱셈정리에서는 단어마다 인수가 하나씩 있고, 첫 단어와 마지막 '.'도 "
        "예외가 아닙니다.",
    "Write the four factors P(w_1), P(w_2 | w_1), P(w_3 | w_1 w_2), P(w_4 | w_1 w_2 w_3) and check each against the "
    "counts: one of yours is missing.":
        "네 인수 P(w_1), P(w_2 | w_1), P(w_3 | w_1 w_2), P(w_4 | w_1 w_2 w_3)를 모두 적고 하나씩 개수와 "
        "맞춰 보세요. 그중 하나가 빠져 있습니다.",
    "each factor is a conditional probability: divide by the count of its context, not by the number of sentences.":
        "각 인수는 조건부 확률입니다. 문장 수가 아니라 그 맥락의 개수로 나누어야 합니다.",
    "P(w_t | w_1..w_{t-1}) = prefix_count(w_1..w_t) / prefix_count(w_1..w_{t-1}); only the first factor divides by "
    "all the sentences (the empty context).":
        "P(w_t | w_1..w_{t-1}) = prefix_count(w_1..w_t) / prefix_count(w_1..w_{t-1})입니다. 전체 문장 수로 "
        "나누는 것은 첫 번째 인수(빈 맥락)뿐입니다.",
    "multiply one conditional probability per word, each conditioned on all the words to its left.":
        "단어마다 조건부 확률을 하나씩 곱합니다. 조건은 그 단어 왼쪽에 있는 모든 단어입니다.",
    "P(w_t | w_1..w_{t-1}) = (sentences that begin with w_1..w_t) / (sentences that begin with w_1..w_{t-1}); "
    "prefix_count gives both counts.":
        "P(w_t | w_1..w_{t-1}) = (w_1..w_t로 시작하는 문장 수) / (w_1..w_{t-1}로 시작하는 문장 수)입니다. "
        "두 개수 모두 prefix_count로 구할 수 있습니다.",
    "your function must return one number per sentence; it returned {got}.":
        "함수는 문장마다 숫자 하나를 반환해야 합니다. 지금 반환한 값은 {got}입니다.",
    "a probability lies between 0 and 1: return the product itself, not its logarithm.":
        "확률은 0과 1 사이에 있습니다. 곱의 로그가 아니라 곱 자체를 반환하세요.",
    "the first word has a probability too.":
        "첫 단어에도 확률이 있습니다.",
    "Multiply by P(w_1): the share of sentences that start with w_1 (4 of 6 start with 'you').":
        "P(w_1)을 곱하세요. w_1로 시작하는 문장의 비율입니다(6문장 중 4문장이 'you'로 시작합니다).",
    "P(w_1) is about how sentences start, not how often the word occurs anywhere.":
        "P(w_1)은 문장이 어떤 단어로 시작하는지에 관한 확률입니다. 그 단어가 어디서든 몇 번 나오는지가 "
        "아닙니다.",
    "P(w_1) = (sentences whose first word is w_1) / (number of sentences).":
        "P(w_1) = (첫 단어가 w_1인 문장 수) / (전체 문장 수)입니다.",
    "each pair factor is conditional on the previous word.":
        "단어 쌍의 인수는 바로 앞 단어가 조건인 조건부 확률입니다.",
    "P(b | a) = count(a b) / count(a followed by any word), not count(a b) / all pairs.":
        "P(b | a) = count(a b) / count(a 뒤에 아무 단어나 오는 쌍)입니다. count(a b) / 전체 쌍 수가 "
        "아닙니다.",
    "your values for the two test sentences are {values}; compare them factor by factor with counts you make by "
    "hand.":
        "두 테스트 문장에 대한 값이 {values}입니다. 손으로 센 개수와 인수 하나하나를 비교해 보세요.",
    "Count a pair (a, b) only inside a sentence; P(b | a) = count(a b) / count(a followed by any word). For 'you say "
    "hello .': P(hello | say) is 5/8 and P('.' | hello) is 4/5.":
        "쌍 (a, b)는 한 문장 안에서만 셉니다. P(b | a) = count(a b) / count(a 뒤에 아무 단어나 오는 쌍)입니다. "
        "'you say hello .'라면 P(hello | say)는 5/8, P('.' | hello)는 4/5입니다.",
    "give the window as a whole number of words.":
        "윈도우 크기를 단어 수, 즉 정수로 답하세요.",
    "that is the distance before the insertion; where did the new words go?":
        "그 값은 단어를 끼워 넣기 전의 거리입니다. 새 단어들은 어디에 들어갔을까요?",
    "The inserted words sit between the deciding first word and the target, so they add to the distance.":
        "끼워 넣은 단어들은 답을 정하는 첫 단어와 타깃 사이에 있으므로 그만큼 거리가 늘어납니다.",
    "off by one: count the words of the window itself.":
        "하나 차이가 납니다. 윈도우에 들어가는 단어를 직접 세어 보세요.",
    "The window is the last k words before the target; it must reach back to, and include, the story's first word.":
        "윈도우는 타깃 바로 앞의 k개 단어입니다. 이야기의 첫 단어까지 거슬러 올라가 그 단어를 포함해야 합니다.",
    "too short: a window of that size still sees the same words in both stories.":
        "너무 짧습니다. 그 크기의 윈도우로는 두 이야기에서 여전히 같은 단어만 보입니다.",
    "Count every inserted token, '.' included ({n} of them), and add them to the old distance.":
        "끼워 넣은 토큰을 '.'까지 모두 세어({n}개) 원래 거리에 더하세요.",
    "too long: the window only has to reach the first word, which decides the name.":
        "너무 깁니다. 윈도우는 이름을 정하는 첫 단어까지만 닿으면 됩니다.",
    "The old stories needed {old} words; the insertion adds {n} tokens.":
        "원래 이야기에는 {old}개 단어가 필요했고, 끼워 넣은 부분이 토큰 {n}개를 더합니다.",

    # ------------------------------------------------------------ rnn_basics.py (5.2)
    "your result has shape {got}; h_next has the shape of h_prev, (N, H) = {want}.":
        "결과의 형상이 {got}입니다. h_next의 형상은 h_prev와 같은 (N, H) = {want}입니다.",
    "x (N, D) @ Wx (D, H) and h_prev (N, H) @ Wh (H, H) are both (N, H); b (H,) broadcasts.":
        "x (N, D) @ Wx (D, H)와 h_prev (N, H) @ Wh (H, H)는 둘 다 (N, H)이고, b (H,)는 브로드캐스트됩니다.",
    "the sum is right; one operation is missing at the end.":
        "합은 맞습니다. 마지막에 연산 하나가 빠졌습니다.",
    "Apply the activation: h_next = tanh(...).":
        "활성화 함수를 적용하세요: h_next = tanh(...).",
    "one term of the sum is missing.":
        "합에서 항 하나가 빠졌습니다.",
    "Add the bias b inside the tanh.":
        "tanh 안에 편향 b를 더하세요.",
    "look at how h_prev meets Wh: the book multiplies row vectors from the left.":
        "h_prev와 Wh를 곱하는 방식을 보세요. 책은 행벡터를 왼쪽에 두고 곱합니다.",
    "h_prev @ Wh, not h_prev @ Wh.T (Wh is square, so both run, but only one is the RNN).":
        "h_prev @ Wh.T가 아니라 h_prev @ Wh입니다(Wh가 정사각 행렬이라 둘 다 실행은 되지만 RNN은 하나뿐입니다).",
    "the output does not depend on h_prev: the loop is missing.":
        "출력이 h_prev에 의존하지 않습니다. 순환 경로가 빠졌습니다.",
    "The previous state enters through h_prev @ Wh.":
        "이전 은닉 상태는 h_prev @ Wh를 거쳐 들어옵니다.",
    "the chapter's RNN uses a different activation.":
        "이 장의 RNN은 다른 활성화 함수를 씁니다.",
    "Use np.tanh, not the sigmoid.":
        "시그모이드가 아니라 np.tanh를 쓰세요.",
    "compare your formula with the recurrence of 5.2.2, term by term.":
        "5.2.2절의 순환 식과 여러분의 식을 항 하나하나 비교해 보세요.",
    "h_next = tanh(h_prev @ Wh + x @ Wx + b).":
        "h_next = tanh(h_prev @ Wh + x @ Wx + b)입니다.",
    "give a list of integers, the corpus positions.":
        "말뭉치 위치를 정수 리스트로 답하세요.",
    "a row reads time_size = {time_size} positions per iteration; you gave {n}.":
        "한 행은 반복 한 번에 time_size = {time_size}개 위치를 읽습니다. 답에는 {n}개가 있습니다.",
    "some of your positions are past the end of the corpus.":
        "위치 일부가 말뭉치 끝을 넘어갔습니다.",
    "Positions wrap around: take them modulo data_size = {n}.":
        "위치는 끝에서 처음으로 되돌아갑니다. data_size = {n}에 대한 나머지를 구하세요.",
    "check the distance between two rows' offsets (the notes' comment has it wrong).":
        "두 행의 오프셋 사이 거리를 확인하세요(정리 노트의 주석이 틀렸습니다).",
    "jump = data_size // batch_size = {n} // {batch_size} = {jump}.":
        "jump = data_size // batch_size = {n} // {batch_size} = {jump}입니다.",
    "time_idx counts words, not iterations.":
        "time_idx는 반복 횟수가 아니라 단어 수를 셉니다.",
    "Each iteration moves every row on by time_size words: time_idx = iteration * time_size = {iteration} * "
    "{time_size}.":
        "반복할 때마다 모든 행이 time_size 단어만큼 나아갑니다: time_idx = iteration * time_size = "
        "{iteration} * {time_size}.",
    "you are one iteration off: iterations count from 0.":
        "반복 한 번만큼 어긋났습니다. 반복은 0부터 셉니다.",
    "time_idx = iteration * time_size with iteration = {iteration}.":
        "iteration = {iteration}일 때 time_idx = iteration * time_size입니다.",
    "start from the row's offset, move on by the words read in earlier iterations, and wrap.":
        "행의 오프셋에서 시작해 앞선 반복들이 읽은 단어 수만큼 나아간 뒤, 끝을 넘으면 처음으로 되돌리세요.",
    "position = (row * jump + iteration * time_size + k) % data_size, k = 0 .. time_size - 1.":
        "위치 = (row * jump + iteration * time_size + k) % data_size, k = 0 .. time_size - 1입니다.",
    "give the scale as one positive number.":
        "배율을 양수 하나로 답하세요.",
    "the scale multiplies a random matrix: give a positive number.":
        "배율은 무작위 행렬에 곱하는 수입니다. 양수로 답하세요.",
    "mean log10(first / last) over {n} seeds: {mean:.2f}":
        "시드 {n}개에 대한 log10(처음 / 마지막)의 평균: {mean:.2f}",
    "vanishing at scale {scale:g}: the gradient at the first step is 10^{mean:.2f} of the one at the loss. Try a "
    "larger scale.":
        "배율 {scale:g}에서 기울기 소실이 일어납니다. 첫 시각의 기울기가 손실 쪽 기울기의 10^{mean:.2f}배입니다. "
        "배율을 키워 보세요.",
    "That is {per_step:.3f} decades per step back. Each step multiplies by diag(1 - h^2) Wh^T: tanh' is below 1, so "
    "Wh's spectral radius must be somewhat above 1 to make up for it.":
        "한 시각 거슬러 갈 때마다 기울기의 크기가 10^{per_step:.3f}배가 됩니다. 시각마다 diag(1 - h^2) Wh^T를 "
        "곱하는데 tanh'이 1보다 작으므로, 이를 메우려면 Wh의 스펙트럼 반지름이 1보다 조금 커야 합니다.",
    "exploding at scale {scale:g}: the gradient at the first step is 10^{mean:.2f} times the one at the loss. Try "
    "a smaller scale.":
        "배율 {scale:g}에서 기울기 폭발이 일어납니다. 첫 시각의 기울기가 손실 쪽 기울기의 10^{mean:.2f}배입니다. "
        "배율을 줄여 보세요.",
    "That is {per_step:+.3f} decades per step back; the level band lies a little above 1, between the vanishing "
    "and the exploding scales you have tried.":
        "한 시각 거슬러 갈 때마다 기울기의 크기가 10^{per_step:+.3f}배가 됩니다. 기울기의 크기가 유지되는 "
        "배율은 1보다 조금 위, 지금까지 시도한 소실 배율과 폭발 배율 사이에 있습니다.",

    # ------------------------------------------------------------ rnn_layers.py (5.3)
    "your code raised {error}: {message}":
        "코드에서 {error} 오류가 났습니다: {message}",
    "read the last lines of the error: which line, and which shapes did not fit? Printing .shape of each array in "
    "backward helps.":
        "오류 메시지의 마지막 줄을 읽어 보세요. 어느 줄에서 어떤 형상이 맞지 않았나요? backward 안에서 각 "
        "배열의 .shape를 출력해 보면 도움이 됩니다.",
    "pass your class itself (not an instance, not a function): a subclass of {base} whose backward you wrote":
        "인스턴스나 함수가 아니라 클래스 자체를 넘기세요. backward를 직접 작성한 {base}의 서브클래스입니다",
    "{name} has shape {shape}; a gradient has the shape of its array: {want}":
        "{name}의 형상이 {shape}입니다. 기울기의 형상은 원래 배열과 같아야 합니다: {want}",
    "wrong: {wrong} (checked against numerical gradients in float64, relative error must be below {tol:g})":
        "틀린 기울기: {wrong} (float64에서 수치 미분과 비교했습니다. 상대 오차가 {tol:g}보다 작아야 합니다)",
    "; right: {right}":
        "; 맞은 기울기: {right}",
    "{name} is all zeros: is it computed, and written where the check reads it?":
        "{name}의 원소가 모두 0입니다. 계산을 했나요? 그리고 채점기가 읽는 곳에 썼나요?",
    "{name} has the right size but the opposite sign: look for a flipped sign.":
        "{name}의 크기는 맞지만 부호가 반대입니다. 부호가 뒤집힌 곳을 찾아보세요.",
    "x was multiplied by Wx in forward; for Y = A @ B with upstream gradient dY: dA = dY @ B.T and dB = A.T @ dY, "
    "with dY = dt, the gradient at the input of tanh.":
        "순전파에서 x에 Wx를 곱했습니다. Y = A @ B이고 상류에서 온 기울기가 dY라면 dA = dY @ B.T, "
        "dB = A.T @ dY입니다. 여기서 dY = dt는 tanh 입력에서의 기울기입니다.",
    "h_prev was multiplied by Wh in forward; for Y = A @ B with upstream gradient dY: dA = dY @ B.T and "
    "dB = A.T @ dY, with dY = dt.":
        "순전파에서 h_prev에 Wh를 곱했습니다. Y = A @ B이고 상류에서 온 기울기가 dY라면 dA = dY @ B.T, "
        "dB = A.T @ dY이며, 여기서는 dY = dt입니다.",
    "for Y = A @ B with upstream gradient dY: dA = dY @ B.T and dB = A.T @ dY; the shape (D, H) tells you which "
    "array is transposed. Write it into self.grads[0][...].":
        "Y = A @ B이고 상류에서 온 기울기가 dY라면 dA = dY @ B.T, dB = A.T @ dY입니다. 형상 (D, H)를 보면 "
        "어느 배열을 전치하는지 알 수 있습니다. 결과는 self.grads[0][...]에 쓰세요.",
    "for Y = A @ B with upstream gradient dY: dA = dY @ B.T and dB = A.T @ dY, with h_prev in the role of A; shape "
    "(H, H). Write it into self.grads[1][...].":
        "Y = A @ B이고 상류에서 온 기울기가 dY라면 dA = dY @ B.T, dB = A.T @ dY이며, h_prev가 A 자리에 "
        "옵니다. 형상은 (H, H)입니다. 결과는 self.grads[1][...]에 쓰세요.",
    "b was added to each of the N rows, so its gradient collects dt from all of them (shape (H,)). Write it into "
    "self.grads[2][...].":
        "b는 N개 행 모두에 더해졌으므로, 그 기울기는 모든 행의 dt를 모은 것입니다(형상 (H,)). 결과는 "
        "self.grads[2][...]에 쓰세요.",
    "backward must return two arrays, dx and dh_prev (a tuple: return dx, dh_prev)":
        "backward는 배열 두 개, dx와 dh_prev를 반환해야 합니다(튜플로: return dx, dh_prev)",
    "every gradient passes through tanh first: dt = dh_next * tanh'(a), and tanh'(a) = 1 - h_next**2 (the forward "
    "output is in self.cache).":
        "모든 기울기는 먼저 tanh를 거칩니다: dt = dh_next * tanh'(a)이고 tanh'(a) = 1 - h_next**2입니다"
        "(순전파의 출력은 self.cache에 있습니다).",
    "most gradients are wrong: check dt, the gradient at the input of tanh, which all of them use.":
        "기울기 대부분이 틀렸습니다. 모든 기울기가 함께 쓰는 dt, 곧 tanh 입력에서의 기울기를 확인하세요.",
    "the numbers are right, but self.grads was given new arrays":
        "값은 맞지만 self.grads에 새 배열을 넣었습니다",
    "write each gradient into the existing array, self.grads[0][...] = ..., not self.grads[0] = ...: an optimizer "
    "keeps references to these arrays.":
        "self.grads[0] = ...이 아니라 self.grads[0][...] = ...처럼 기존 배열에 기울기를 쓰세요. 옵티마이저가 "
        "이 배열들을 참조하고 있습니다.",
    "dxs[:, t] is the dx that step t's backward returns; that step must receive the whole gradient reaching h_t.":
        "dxs[:, t]는 시각 t의 backward가 반환하는 dx입니다. 그 시각의 계층은 h_t에 도달하는 기울기를 "
        "빠짐없이 받아야 합니다.",
    "Wx is shared by all T steps: its gradient is the sum over t of each step layer's grads[0], written into "
    "self.grads[0][...] after the loop.":
        "Wx는 T개 시각이 모두 공유합니다. 그 기울기는 각 시각 계층의 grads[0]을 t에 대해 모두 더한 것이며, "
        "루프가 끝난 뒤 self.grads[0][...]에 씁니다.",
    "Wh is shared by all T steps: sum the steps' grads[1] and write the sum into self.grads[1][...].":
        "Wh는 T개 시각이 모두 공유합니다. 각 시각의 grads[1]을 더해 그 합을 self.grads[1][...]에 쓰세요.",
    "b is shared by all T steps: sum the steps' grads[2] and write the sum into self.grads[2][...].":
        "b는 T개 시각이 모두 공유합니다. 각 시각의 grads[2]를 더해 그 합을 self.grads[2][...]에 쓰세요.",
    "self.dh is the gradient w.r.t. the block's initial hidden state: the dh_prev of step 0, kept after the loop.":
        "self.dh는 블록의 초기 은닉 상태에 대한 기울기입니다. 시각 0의 dh_prev를 루프가 끝난 뒤 저장합니다.",
    "backward returns one array, dxs (N, T, D); the gradient w.r.t. the initial state goes into self.dh":
        "backward는 배열 하나, dxs (N, T, D)를 반환합니다. 초기 은닉 상태에 대한 기울기는 self.dh에 넣습니다",
    "self.dh is not set":
        "self.dh가 설정되지 않았습니다",
    "Where does the gradient reaching h_t come from?":
        "h_t에 도달하는 기울기는 어디에서 올까요?",
    "h_t went two ways in forward (up to the output, and on into step t+1): the gradient you pass to step t's "
    "backward must include both, the one from above and the dh carried back from step t+1 (nothing comes back into "
    "the last step).":
        "순전파에서 h_t는 두 갈래로 나갔습니다(위쪽 출력으로, 그리고 시각 t+1로). 그러니 시각 t의 backward에 "
        "넘기는 기울기에는 위에서 온 기울기와 시각 t+1에서 거슬러 온 dh가 모두 들어 있어야 합니다(마지막 "
        "시각으로 거슬러 오는 기울기는 없습니다).",
    "How many steps used these weights?":
        "이 가중치를 몇 개 시각이 사용했나요?",
    "the weight gradients hold one step's contribution (step 0's, the last one computed): each step layer's grads "
    "are only that step's share; add them up over all T steps.":
        "가중치의 기울기에 한 시각의 몫(마지막으로 계산한 시각 0의 몫)만 들어 있습니다. 각 시각 계층의 grads는 "
        "그 시각의 몫일 뿐이니, T개 시각 전체에 대해 더하세요.",
    "write each sum into the existing array, self.grads[0][...] = ..., not self.grads[0] = ...: an optimizer keeps "
    "references to these arrays.":
        "self.grads[0] = ...이 아니라 self.grads[0][...] = ...처럼 기존 배열에 합을 쓰세요. 옵티마이저가 "
        "이 배열들을 참조하고 있습니다.",
    "N sequences, T steps, a D-vector each":
        "시퀀스 N개, 시각 T개, 각각 D차원 벡터입니다",
    "one H-vector per sequence and step":
        "시퀀스와 시각마다 H차원 벡터 하나입니다",
    "one step: the N rows of that step, each a D-vector":
        "한 시각: 그 시각의 N개 행이고, 각 행은 D차원 벡터입니다",
    "one hidden state (an H-vector) per sequence":
        "시퀀스마다 은닉 상태(H차원 벡터) 하나입니다",
    "maps a D-vector to an H-vector (x @ Wx); it does not depend on N or T":
        "D차원 벡터를 H차원 벡터로 바꿉니다(x @ Wx). N이나 T와는 상관없습니다",
    "maps an H-vector to an H-vector":
        "H차원 벡터를 H차원 벡터로 바꿉니다",
    "one entry per hidden unit: a 1-d array":
        "은닉 상태 벡터의 원소마다 값이 하나인 1차원 배열입니다",
    "a gradient has the shape of its array":
        "기울기의 형상은 원래 배열과 같습니다",
    "the gradient w.r.t. the initial hidden state, which has the shape of one h_t":
        "초기 은닉 상태에 대한 기울기로, 형상은 h_t 하나와 같습니다",
    "the answer is a dict from the names (\"xs\", \"hs\", ...) to shapes (tuples)":
        "답은 이름(\"xs\", \"hs\", ...)을 형상(튜플)에 대응시키는 딕셔너리입니다",
    "not right: ":
        "틀린 것: ",
    "still missing: ":
        "아직 비어 있는 것: ",
    "the right sizes in the wrong order: ":
        "크기는 맞지만 순서가 틀렸습니다. ",
    "b is not a matrix: ":
        "b는 행렬이 아닙니다. ",

    # ------------------------------------------------------------ time_layers.py (5.4)
    "your function raised {error}: {message}":
        "함수에서 {error} 오류가 났습니다: {message}",
    "dW has shape {shape}; it needs one row per vocabulary word: ({V}, {D})":
        "dW의 형상이 {shape}입니다. 어휘의 단어마다 행이 하나씩 있어야 합니다: ({V}, {D})",
    "word 1 occurs three times in idx: does its row hold all three contributions?":
        "단어 1은 idx에 세 번 나옵니다. 그 행에 세 번의 기여가 모두 들어 있나요?",
    "dW[idx] += dout reads all rows first and writes them back one after another, so a repeated word keeps only the "
    "last write. Add one position at a time in the loop.":
        "dW[idx] += dout 방식은 모든 행을 먼저 읽고 하나씩 다시 쓰므로, 여러 번 나오는 단어에는 마지막에 쓴 값만 "
        "남습니다. 루프에서 위치를 하나씩 더하세요.",
    "rows 2 and 3 belong to words that do not occur in idx: what should their rows be?":
        "2행과 3행은 idx에 나오지 않는 단어의 행입니다. 이 행들은 어떤 값이어야 할까요?",
    "a word that does not occur gets no gradient: start dW from zeros of shape (V, D).":
        "나오지 않는 단어는 기울기를 받지 않습니다. dW를 형상 (V, D)의 영행렬로 시작하세요.",
    "row v must collect the upstream gradients of the positions where word v occurs":
        "v행에는 단어 v가 나오는 위치들의 상류 기울기를 모두 모아야 합니다",
    "for every position (n, t), add dout[n, t] to row idx[n, t] of dW.":
        "모든 위치 (n, t)에 대해 dW의 idx[n, t]행에 dout[n, t]를 더하세요.",
    "the numbers are right, but the exercise asks for a plain Python loop, without np.add.at":
        "값은 맞지만, 이 문제는 np.add.at 없이 파이썬 루프로 풀어야 합니다",
    "loop over n and t and add one row at a time: that is what np.add.at does for you.":
        "n과 t에 대해 루프를 돌며 한 행씩 더하세요. np.add.at이 대신 해 주는 일이 바로 그것입니다.",
    "the answer is one number (a float); got {type}":
        "답은 숫자 하나(float)입니다. 받은 답의 타입은 {type}입니다",
    "you are close: how does the time layer combine the per-step losses?":
        "거의 다 왔습니다. Time 계층은 시각별 손실을 어떻게 하나로 합칠까요?",
    "L is the mean of the step losses, (L_0 + L_1) / T with T = 2, not their sum.":
        "L은 시각별 손실의 합이 아니라 평균입니다. T = 2일 때 (L_0 + L_1) / T입니다.",
    "that is the loss of one step: the block has two":
        "그 값은 한 시각의 손실입니다. 이 블록에는 시각이 두 개 있습니다",
    "compute L_0 and L_1, then take their mean.":
        "L_0과 L_1을 구한 다음 평균을 내세요.",
    "which logarithm did you use?":
        "어떤 로그를 썼나요?",
    "the cross-entropy uses the natural logarithm, ln (math.log).":
        "교차 엔트로피 오차에는 자연로그 ln(math.log)을 씁니다.",
    "at each step the loss is -ln of the probability softmax gives the correct label":
        "각 시각의 손실은 소프트맥스가 정답 레이블에 준 확률에 -ln을 취한 값입니다",
    "p = exp(x_label) / sum_j exp(x_j) at each step, L_t = -ln p; the layer's loss is the mean of L_0 and L_1.":
        "각 시각에서 p = exp(x_label) / sum_j exp(x_j), L_t = -ln p이고, 계층의 손실은 L_0과 L_1의 "
        "평균입니다.",

    # ------------------------------------------------------------ training.py (5.5)
    "write one number (a float)":
        "숫자 하나(float)로 답하세요",
    "that is an arithmetic mean; perplexity averages in another way":
        "그 값은 산술 평균입니다. 퍼플렉서티는 다른 방식으로 평균을 냅니다",
    "perplexity is the geometric mean of 1/p: multiply the four 1/p, then take the 4th root":
        "퍼플렉서티는 1/p의 기하 평균입니다. 1/p 네 개를 곱한 다음 네제곱근을 구하세요",
    "you averaged the probabilities first; perplexity averages the losses -log p":
        "확률을 먼저 평균했습니다. 퍼플렉서티는 손실 -log p를 평균합니다",
    "compute L = mean of -ln p over the four predictions, then e^L":
        "네 예측에 대해 -ln p의 평균 L을 구한 다음 e^L을 계산하세요",
    "that is the loss L, not yet the perplexity":
        "그 값은 손실 L입니다. 아직 퍼플렉서티가 아닙니다",
    "the perplexity is e^L":
        "퍼플렉서티는 e^L입니다",
    "that is the loss in bits (log base 2), not the perplexity":
        "그 값은 비트 단위(밑이 2인 로그)의 손실이지 퍼플렉서티가 아닙니다",
    "the perplexity is 2^(loss in bits) = e^(loss in nats)":
        "퍼플렉서티 = 2^(비트 단위 손실) = e^(내트 단위 손실)입니다",
    "not the perplexity of these four predictions; start from the loss L":
        "이 네 예측의 퍼플렉서티가 아닙니다. 손실 L부터 구해 보세요",
    "L = mean of -ln p over the four predictions; the perplexity is e^L":
        "L은 네 예측에 대한 -ln p의 평균이고, 퍼플렉서티는 e^L입니다",
    "write two numbers: the perplexity and the loss":
        "숫자 두 개, 퍼플렉서티와 손실로 답하세요",
    "{V} is the vocabulary of the chapter's 1000-word model; this model has its own vocabulary":
        "이 장의 1000단어 모델은 어휘 수가 {V}입니다. 지금 모델에는 따로 정해진 어휘가 있습니다",
    "every correct word gets p = 1/V, with V the number of words THIS model spreads its probability over, whatever "
    "text it reads":
        "모든 정답 단어가 p = 1/V를 받습니다. 여기서 V는 어떤 텍스트를 읽든 바로 이 모델이 확률을 나누어 주는 "
        "단어의 수입니다",
    "that is the probability of one word; perplexity turns p into 1/p":
        "그 값은 단어 하나의 확률입니다. 퍼플렉서티는 p를 1/p로 뒤집습니다",
    "every correct word gets p = 1/V, so every 1/p is the same number":
        "모든 정답 단어가 p = 1/V를 받으므로 1/p는 모두 같은 수입니다",
    "think of the number of branches: among how many equally likely words does it choose?":
        "분기 수를 떠올려 보세요. 이 모델은 똑같이 그럴듯한 단어 몇 개 중에서 고를까요?",
    "every correct word gets p = 1/V; the perplexity is the (geometric) mean of 1/p":
        "모든 정답 단어가 p = 1/V를 받습니다. 퍼플렉서티는 1/p의 (기하) 평균입니다",
    "your perplexity disagrees with the one lib.eval_perplexity measured":
        "답한 퍼플렉서티가 lib.eval_perplexity로 측정한 값과 다릅니다",
    "right idea, wrong logarithm: the loss uses the natural log":
        "생각은 맞지만 로그가 틀렸습니다. 손실에는 자연로그를 씁니다",
    "perplexity = e^L, so L = ln(perplexity)":
        "퍼플렉서티 = e^L이므로 L = ln(퍼플렉서티)입니다",
    "perplexity right; now the loss: how are loss and perplexity related?":
        "퍼플렉서티는 맞습니다. 이제 손실입니다. 손실과 퍼플렉서티는 어떤 관계일까요?",
    "close: remember which array the rows are cut from":
        "거의 맞습니다. 행을 어느 배열에서 잘라 내는지 떠올려 보세요",
    "the rows are cut from xs = corpus[:-1], which has one word fewer than the corpus":
        "행은 xs = corpus[:-1]에서 잘라 내며, xs는 말뭉치보다 단어가 하나 적습니다",
    "jump is wrong: how far apart do the rows start?":
        "jump가 틀렸습니다. 각 행은 서로 얼마나 떨어진 곳에서 시작할까요?",
    "jump = len(xs) // batch_size, with xs = corpus[:-1]":
        "xs = corpus[:-1]일 때 jump = len(xs) // batch_size입니다",
    "jump is right, max_iters is not: how many words does one iteration read?":
        "jump는 맞지만 max_iters가 틀렸습니다. 반복 한 번에 단어를 몇 개 읽을까요?",
    "one iteration reads batch_size * time_size words: max_iters = len(xs) // (batch_size * time_size)":
        "반복 한 번에 batch_size * time_size개 단어를 읽습니다: max_iters = len(xs) // (batch_size * time_size)",
    "return the list of perplexities, one number per epoch":
        "퍼플렉서티 리스트를 반환하세요. 에폭마다 숫자 하나입니다",
    "one perplexity per epoch: expected {E} numbers, got {n}":
        "퍼플렉서티는 에폭마다 하나입니다. {E}개가 있어야 하는데 {n}개를 받았습니다",
    "you record after every iteration; record once, after the inner loop has ended":
        "반복마다 기록하고 있습니다. 안쪽 루프가 끝난 뒤 한 번만 기록하세요",
    "append exp(total_loss / loss_count) once per epoch, after the inner loop":
        "에폭마다 한 번, 안쪽 루프가 끝난 뒤 exp(total_loss / loss_count)를 추가하세요",
    "some perplexities are inf or nan":
        "퍼플렉서티 일부가 inf 또는 nan입니다",
    "perplexity = exp(mean loss of the epoch)":
        "퍼플렉서티 = exp(그 에폭의 평균 손실)입니다",
    "these are losses, not perplexities":
        "이것은 퍼플렉서티가 아니라 손실입니다",
    "perplexity = exp(total_loss / loss_count)":
        "퍼플렉서티 = exp(total_loss / loss_count)입니다",
    "each number is one iteration's loss; the epoch has more":
        "각 숫자가 반복 한 번의 손실입니다. 한 에폭에는 반복이 더 많습니다",
    "add up every iteration's loss (and count them), then exp(total_loss / loss_count)":
        "모든 반복의 손실을 더하고 횟수도 센 다음, exp(total_loss / loss_count)를 계산하세요",
    "from the second epoch on, each number mixes in the earlier epochs":
        "두 번째 에폭부터 각 숫자에 앞선 에폭의 값이 섞여 있습니다",
    "set total_loss and loss_count back to 0 after recording each epoch's perplexity":
        "에폭마다 퍼플렉서티를 기록한 뒤 total_loss와 loss_count를 0으로 되돌리세요",
    "you averaged perplexities; the epoch's perplexity is exp of the mean loss":
        "퍼플렉서티를 평균했습니다. 에폭의 퍼플렉서티는 평균 손실의 exp입니다",
    "exp(total_loss / loss_count), with total_loss the sum of the iterations' losses":
        "exp(total_loss / loss_count)이며, total_loss는 반복마다 나온 손실의 합입니다",
    "equal to about 9 digits but not bit for bit: the arithmetic differs slightly":
        "9자리 정도까지는 같지만 비트 단위로 똑같지는 않습니다. 계산 방식이 조금 다릅니다",
    "add each loss as returned by model.forward to total_loss (a float starting at 0.0), count with loss_count, and "
    "record math.exp(total_loss / loss_count)":
        "model.forward가 반환한 손실을 그대로 total_loss(0.0에서 시작하는 float)에 더하고, loss_count로 횟수를 "
        "센 뒤 math.exp(total_loss / loss_count)를 기록하세요",
    "the perplexity hardly falls: do the weights change?":
        "퍼플렉서티가 거의 내려가지 않습니다. 가중치가 바뀌고 있나요?",
    "after model.forward(batch_x, batch_t): model.backward(), then optimizer.update(model.params, model.grads)":
        "model.forward(batch_x, batch_t) 다음에 model.backward()를, 그다음에 "
        "optimizer.update(model.params, model.grads)를 호출합니다",
    "the first epoch is right, later ones are not: what carries over between epochs?":
        "첫 에폭은 맞지만 그 뒤가 틀렸습니다. 에폭에서 에폭으로 무엇이 이어질까요?",
    "time_idx keeps counting across epochs (never reset it), the model's hidden state is not reset either, and "
    "total_loss and loss_count restart at 0 each epoch":
        "time_idx는 에폭이 바뀌어도 계속 셉니다(절대 초기화하지 않습니다). 모델의 은닉 상태도 초기화하지 않고, "
        "total_loss와 loss_count만 에폭마다 0에서 다시 시작합니다",
    "already the first epoch differs from lib.RnnlmTrainer's":
        "첫 에폭부터 lib.RnnlmTrainer의 결과와 다릅니다",
    "each iteration: loss = model.forward(batch_x, batch_t); model.backward(); optimizer.update(model.params, "
    "model.grads); total_loss += loss; loss_count += 1":
        "반복마다: loss = model.forward(batch_x, batch_t); model.backward(); "
        "optimizer.update(model.params, model.grads); total_loss += loss; loss_count += 1",
    "that is the number for time_size {long}; the question is about time_size {short}":
        "그 값은 time_size {long}일 때의 수입니다. 문제는 time_size {short}일 때를 묻습니다",
    "how many words does one update read at time_size {short}?":
        "time_size {short}에서 갱신 한 번에 단어를 몇 개 읽을까요?",
    "updates per epoch = len(xs) // (batch_size * time_size), with xs = corpus[:-1]":
        "에폭당 갱신 횟수 = len(xs) // (batch_size * time_size)이고, xs = corpus[:-1]입니다",
    "answer each prediction with a block length: {short} or {long}":
        "각 예측에 블록 길이로 답하세요: {short} 또는 {long}",
    "in {epochs} epochs, which block length makes more updates?":
        "{epochs}에폭 동안 어느 블록 길이가 갱신을 더 많이 할까요?",
    "at time_size {short} an epoch has {n_short} updates, at {long} only {n_long}: in the same epochs one setting "
    "takes many more steps":
        "time_size {short}에서는 한 에폭에 갱신이 {n_short}번, {long}에서는 {n_long}번뿐입니다. 같은 에폭 수라도 "
        "한쪽 설정이 훨씬 많이 갱신합니다",
    "with the number of updates equal, what else differs between the two settings?":
        "갱신 횟수가 같다면 두 설정은 그 밖에 무엇이 다를까요?",
    "an update at time_size {long} reads {long}x more words and back-propagates through {long} steps, so each step "
    "carries more information":
        "time_size {long}에서는 갱신 한 번이 단어를 {long}배 더 읽고 {long}개 시각에 걸쳐 역전파하므로, 갱신 "
        "한 번에 담긴 정보가 더 많습니다",

    # ------------------------------------------------------------ training.py (5.6)
    "write two numbers":
        "숫자 두 개로 답하세요",
    "that is the cross-entropy in nats":
        "그 값은 내트 단위의 교차 엔트로피 오차입니다",
    "bits use the logarithm to base 2":
        "비트는 밑이 2인 로그를 씁니다",
    "solve 2^b = {high} for b":
        "2^b = {high}에서 b를 구하세요",
    "the saving is a difference of bits, not of perplexities":
        "줄어든 양은 퍼플렉서티의 차이가 아니라 비트의 차이입니다",
    "compute the bits of each perplexity and subtract":
        "각 퍼플렉서티의 비트 수를 구한 다음 빼세요",
    "first part right; the saving is not":
        "첫 번째 답은 맞지만 줄어든 양이 틀렸습니다",
    "compute the bits per word at {low} the same way and subtract":
        "퍼플렉서티 {low}에서의 단어당 비트 수도 같은 방법으로 구해서 빼세요",
    "return a numpy array of probabilities, one per word":
        "단어마다 확률을 하나씩 담은 numpy 배열을 반환하세요",
    "return one probability per word: shape {want}, got {got}":
        "단어마다 확률 하나를 반환하세요. 형상이 {want}이어야 하는데 {got}입니다",
    "for p = {p} and T = {T} you get inf or nan":
        "p = {p}, T = {T}에서 inf 또는 nan이 나옵니다",
    "p ** (1 / T) underflows to 0 for every word at so small a T; work with logarithms: log p_T = log p / T + a "
    "constant, and subtract the largest before np.exp":
        "T가 이렇게 작으면 p ** (1 / T)는 모든 단어에서 언더플로로 0이 됩니다. 로그로 계산하세요: "
        "log p_T = log p / T + 상수이고, np.exp 전에 가장 큰 값을 빼세요",
    "you treated the probabilities as if they were the scores":
        "확률을 점수인 것처럼 다루었습니다",
    "p = exp(s) / Z, so the scores are s = log p + log Z, and the constant log Z does not change a softmax":
        "p = exp(s) / Z이므로 점수는 s = log p + log Z입니다. 상수 log Z는 소프트맥스 결과를 바꾸지 않습니다",
    "a small T must sharpen the distribution; yours flattens it":
        "T가 작으면 분포가 뾰족해져야 하는데, 답은 분포를 평평하게 만듭니다",
    "the exponent is 1/T: p_T is proportional to p^(1/T)":
        "지수는 1/T입니다: p_T는 p^(1/T)에 비례합니다",
    "the probabilities must sum to 1":
        "확률의 합은 1이어야 합니다",
    "divide by their sum at the end":
        "마지막에 합으로 나누세요",
    "a word of probability 0 must keep probability 0 at any temperature":
        "확률이 0인 단어는 온도가 얼마든 확률 0을 유지해야 합니다",
    "wrong probabilities for T = {T}":
        "T = {T}에서 확률이 틀렸습니다",
    "p_T = softmax(s / T) with scores s; from p, the scores are log p up to a constant":
        "점수가 s일 때 p_T = softmax(s / T)입니다. p에서 구한 점수는 상수 차이를 빼면 log p입니다",
    "the arrays in the list did not change":
        "리스트 안의 배열이 바뀌지 않았습니다",
    "scale them in place (g *= factor)":
        "배열을 제자리에서 스케일하세요(g *= factor)",
    "that is clipping by the global norm (one factor for all arrays, as lib.clip_grads); here each array gets its "
    "own factor":
        "그 방식은 전체 노름에 따른 기울기 클리핑입니다(lib.clip_grads처럼 모든 배열에 같은 배율). 이 문제에서는 "
        "배열마다 배율이 따로 있습니다",
    "for each array g: n = its own norm; if n > max_norm, g *= max_norm / n":
        "배열 g마다: n = g 자신의 노름; n > max_norm이면 g *= max_norm / n",
    "an array whose norm is already at most max_norm must stay as it is":
        "노름이 이미 max_norm 이하인 배열은 그대로 두어야 합니다",
    "scale only when the array's own norm exceeds max_norm: clipping never scales up":
        "배열 자신의 노름이 max_norm을 넘을 때만 스케일하세요. 클리핑은 절대 키우지 않습니다",
    "after clipping, the arrays are not what they should be":
        "클리핑한 뒤의 배열이 올바르지 않습니다",
    "every array whose own norm n exceeds max_norm is multiplied by max_norm / n, the others stay; afterwards no "
    "array has a norm above max_norm":
        "자신의 노름 n이 max_norm을 넘는 배열에만 max_norm / n을 곱하고 나머지는 그대로 둡니다. 그러면 "
        "노름이 max_norm을 넘는 배열은 하나도 남지 않습니다",
    "return the list of the arrays' norms before clipping, one number per array":
        "클리핑 전 배열들의 노름을 리스트로 반환하세요. 배열마다 숫자 하나입니다",
    "return the list of the arrays' norms measured before clipping, one per array":
        "클리핑 전에 잰 배열들의 노름을 배열마다 하나씩 리스트로 반환하세요",
    "the norm of one array is the square root of the sum of the squares of its entries":
        "배열 하나의 노름은 원소를 제곱해 모두 더한 값의 제곱근입니다",
    "the cosine is one number":
        "코사인은 숫자 하나입니다",
    "a cosine of 1 means the same direction: is the ratio of two arrays' entries the same before and after your "
    "clipping?":
        "코사인이 1이면 방향이 같다는 뜻입니다. 클리핑 전과 후에 두 배열의 원소 비율이 정말 같을까요?",
    "the large arrays shrink, the small one does not: the whole update turns towards the small array. Put all "
    "arrays in one vector (np.concatenate of the ravelled arrays) before and after, and compute u @ v / (|u| |v|)":
        "큰 배열은 줄어들고 작은 배열은 그대로이므로, 갱신 전체의 방향이 작은 배열 쪽으로 돌아갑니다. 클리핑 "
        "전과 후에 모든 배열을 벡터 하나로 이어 붙이고(ravel한 배열들을 np.concatenate), u @ v / (|u| |v|)를 "
        "계산하세요",
    "the clipping is right; the cosine is not":
        "클리핑은 맞지만 코사인이 틀렸습니다",
    "u = all arrays before clipping as one vector, v = after (np.concatenate of the ravelled arrays); cosine = "
    "u @ v / (|u| |v|)":
        "u = 클리핑 전의 모든 배열을 이은 벡터, v = 클리핑 후의 벡터(ravel한 배열들을 np.concatenate)일 때 "
        "코사인 = u @ v / (|u| |v|)입니다",
}
