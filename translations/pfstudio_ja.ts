<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>FieldLabel</name>
    <message>
        <location filename="../ui/labels.cpp" line="+27"/>
        <source>Random crops</source>
        <translation>ランダムクロップ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image cache (MB)</source>
        <translation>画像キャッシュ (MB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Centre crop</source>
        <translation>中央クロップ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class names file</source>
        <translation>クラス名ファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class order seed</source>
        <translation>クラス順のシード</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classes per task</source>
        <translation>タスクごとのクラス数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP batch size</source>
        <translation>CLIP バッチサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP context length</source>
        <translation>CLIP コンテキスト長</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP embedding size</source>
        <translation>CLIP 埋め込み次元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP epochs</source>
        <translation>CLIP エポック数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP heads</source>
        <translation>CLIP ヘッド数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP layers</source>
        <translation>CLIP 層数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP learning rate</source>
        <translation>CLIP 学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP patch size</source>
        <translation>CLIP パッチサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP text heads</source>
        <translation>CLIP テキストのヘッド数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP text layers</source>
        <translation>CLIP テキストの層数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP text width</source>
        <translation>CLIP テキストの幅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP vocabulary size</source>
        <translation>CLIP 語彙サイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP weights file</source>
        <translation>CLIP 重みファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP width</source>
        <translation>CLIP 幅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt components</source>
        <translation>プロンプト成分数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt layers</source>
        <translation>プロンプト層</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+33"/>
        <source>Prompt length</source>
        <translation>プロンプト長</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Orthogonality weight</source>
        <translation>直交性の重み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour jitter</source>
        <translation>色のゆらぎ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare with methods</source>
        <translation>比較する手法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>データフォルダー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data set</source>
        <translation>データセット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domains</source>
        <translation>ドメイン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start E-prompts from the last</source>
        <translation>E プロンプトを前回から開始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-prompt layers</source>
        <translation>E プロンプト層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-prompt length</source>
        <translation>E プロンプト長</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-key pull weight</source>
        <translation>E キー引き寄せの重み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs per task</source>
        <translation>タスクごとのエポック数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluation batch size</source>
        <translation>評価バッチサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online decay (gamma)</source>
        <translation>オンライン減衰 (gamma)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penalty weight (lambda)</source>
        <translation>ペナルティの重み (lambda)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online EWC</source>
        <translation>オンライン EWC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classes in the first task</source>
        <translation>最初のタスクのクラス数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fisher samples</source>
        <translation>Fisher のサンプル数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horizontal flips</source>
        <translation>左右反転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Booster weight (-1: learned)</source>
        <translation>Booster の重み (-1: 学習)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G-prompt layers</source>
        <translation>G プロンプト層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G-prompt length</source>
        <translation>G プロンプト長</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate activation weight</source>
        <translation>ゲート活性化の重み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate distillation weight</source>
        <translation>ゲート蒸留の重み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate hidden units</source>
        <translation>ゲートの隠れユニット数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate target rate</source>
        <translation>ゲートの目標率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate temperature</source>
        <translation>ゲート温度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient clipping</source>
        <translation>勾配クリッピング</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greyscale</source>
        <translation>グレースケール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image size</source>
        <translation>画像サイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch-wise prompt voting</source>
        <translation>バッチ単位のプロンプト投票</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt pool size</source>
        <translation>プロンプトプールのサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key pull weight</source>
        <translation>キー引き寄せの重み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompts chosen (top k)</source>
        <translation>選ぶプロンプト数 (top k)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning-rate schedule</source>
        <translation>学習率スケジュール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distillation weight (alpha)</source>
        <translation>蒸留の重み (alpha)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distillation temperature</source>
        <translation>蒸留温度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight mask rate</source>
        <translation>重みマスクの学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory selection</source>
        <translation>メモリの選び方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory size (images)</source>
        <translation>メモリサイズ (画像数)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Method</source>
        <translation>手法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run name</source>
        <translation>実行名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer</source>
        <translation>オプティマイザー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step sharing</source>
        <translation>ステップの分担</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batches loaded ahead</source>
        <translation>先読みバッチ数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probed backbone</source>
        <translation>プローブするバックボーン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random resized crops</source>
        <translation>ランダムリサイズクロップ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scenario</source>
        <translation>シナリオ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split seed</source>
        <translation>分割のシード</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stabilizer logit scale</source>
        <translation>Stabilizer のロジット倍率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stabilizer readout</source>
        <translation>Stabilizer の読み出し</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tasks</source>
        <translation>タスク数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test share</source>
        <translation>テストの割合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images per class</source>
        <translation>クラスごとのテスト画像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text prompt tokens</source>
        <translation>テキストプロンプトのトークン数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute threads</source>
        <translation>計算スレッド数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mask other tasks&apos; classes</source>
        <translation>他タスクのクラスをマスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training images per class</source>
        <translation>クラスごとの学習画像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation images per class</source>
        <translation>クラスごとの検証画像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP visual prompt tokens</source>
        <translation>CLIP 視覚プロンプトのトークン数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT batch size</source>
        <translation>ViT バッチサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT depth</source>
        <translation>ViT の深さ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT width</source>
        <translation>ViT の幅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT epochs</source>
        <translation>ViT エポック数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT heads</source>
        <translation>ViT ヘッド数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT start</source>
        <translation>ViT の初期状態</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT learning rate</source>
        <translation>ViT 学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT MLP ratio</source>
        <translation>ViT MLP 比</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>ViT patch size</source>
        <translation>ViT パッチサイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT weights file</source>
        <translation>ViT 重みファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visual prompt length</source>
        <translation>視覚プロンプト長</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay</source>
        <translation>重み減衰</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight mask</source>
        <translation>重みマスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record zero-shot accuracy</source>
        <translation>ゼロショット精度を記録</translation>
    </message>
</context>
<context>
    <name>PresetTitle</name>
    <message>
        <location line="+20"/>
        <source>Forgetting demo: fine-tuning, then PromptFusion</source>
        <translation>忘却デモ: ファインチューニングと PromptFusion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fashion-MNIST renditions (benchmark)</source>
        <translation>Fashion-MNIST レンディション (ベンチマーク)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick look: Split Fashion-MNIST, one epoch</source>
        <translation>お試し: 分割 Fashion-MNIST、1 エポック</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split Fashion-MNIST</source>
        <translation>分割 Fashion-MNIST</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Split Fashion-MNIST, PromptFusion-Lite</source>
        <translation>分割 Fashion-MNIST、PromptFusion-Lite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fashion-MNIST in six domains (domain-incremental)</source>
        <translation>6 ドメインの Fashion-MNIST (ドメイン増分)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split CIFAR-100, the paper&apos;s setup</source>
        <translation>分割 CIFAR-100、論文の設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split ImageNet-R, the paper&apos;s setup</source>
        <translation>分割 ImageNet-R、論文の設定</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location line="-22"/>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diverged</source>
        <translation>発散</translation>
    </message>
</context>
<context>
    <name>pf::ui::CompareView</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="+177"/>
        <source>Compare runs</source>
        <translation>実行の比較</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+209"/>
        <source>Select two or more runs in the History and press Compare.</source>
        <translation>履歴で 2 件以上の実行を選び、「比較」を押してください。</translation>
    </message>
    <message>
        <location line="-206"/>
        <source>&amp;Mean over seeds</source>
        <translation>シード間で平均(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Runs that differ only in seed as one line and one column: their mean, with one standard deviation</source>
        <translation>シードだけが違う実行を 1 本の線と 1 列に: 平均と標準偏差 1 つ分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xport table...</source>
        <translation>表をエクスポート(&amp;X)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the table as CSV, standard deviations included</source>
        <translation>表を CSV で保存 (標準偏差を含む)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+339"/>
        <source>Export table</source>
        <translation>表をエクスポート</translation>
    </message>
    <message>
        <location line="-339"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>average accuracy</source>
        <translation>平均精度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>fusion weight (the Booster&apos;s)</source>
        <translation>融合重み (Booster の重み)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average accuracy over the tasks learned so far, one line per run.</source>
        <translation>これまでに学習したタスクの平均精度。実行ごとに 1 本の線。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forgetting</source>
        <translation>忘却</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of what the earlier tasks reached is lost, one line per run: lower is better.</source>
        <translation>以前のタスクで達した精度がどれだけ失われたか。実行ごとに 1 本の線。低いほど良い。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Booster&apos;s weight in each PromptFusion run (other methods have none).</source>
        <translation>各 PromptFusion 実行での Booster の重み (他の手法にはない)。</translation>
    </message>
    <message numerus="yes">
        <location line="+76"/>
        <source>#%1 %2, %n seeds</source>
        <translation>
            <numerusform>#%1 %2、%n シード</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+98"/>
        <source>%n runs compared; runs that differ only in seed show their mean ± standard deviation; differing settings are highlighted</source>
        <translation>
            <numerusform>%n 件の実行を比較。シードだけが違う実行は平均 ± 標準偏差で表示。異なる設定は強調表示</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>final average accuracy %</source>
        <translation>最終平均精度 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>final forgetting %</source>
        <translation>最終忘却 %</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <location line="-331"/>
        <source>forgetting</source>
        <translation>忘却</translation>
    </message>
    <message>
        <location line="+201"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="-199"/>
        <location line="+3"/>
        <source>tasks learned</source>
        <translation>学習済みタスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message numerus="yes">
        <location line="+187"/>
        <source>%n runs compared; differing settings are highlighted</source>
        <translation>
            <numerusform>%n 件の実行を比較中。異なる設定は強調表示されます</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pf::ui::ConfigForm</name>
    <message>
        <location filename="../ui/config_form.cpp" line="+52"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data and task sequence</source>
        <translation>データとタスク列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PromptFusion</source>
        <translation>PromptFusion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PromptFusion-Lite gate</source>
        <translation>PromptFusion-Lite のゲート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rehearsal memory</source>
        <translation>リハーサルメモリ</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Choose a folder</source>
        <translation>フォルダーを選ぶ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose a file</source>
        <translation>ファイルを選ぶ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data folder</source>
        <translation>データフォルダー</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weight file</source>
        <translation>重みファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight files (*.safetensors *.pt *.pth *.bin);;All files (*)</source>
        <translation>重みファイル (*.safetensors *.pt *.pth *.bin);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Class names file</source>
        <translation>クラス名ファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>テキストファイル (*.txt);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>pf::ui::HistoryView</name>
    <message>
        <location filename="../ui/history_view.cpp" line="+332"/>
        <source>&amp;Compare</source>
        <translation>比較(&amp;C)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Delete...</source>
        <translation>削除(&amp;D)...</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Export...</source>
        <translation>書き出し(&amp;E)...</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>&amp;Open</source>
        <translation>開く(&amp;O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Tags...</source>
        <translation>タグ(&amp;T)...</translation>
    </message>
    <message>
        <location line="+176"/>
        <source>All data sets</source>
        <translation>すべてのデータセット</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>All methods</source>
        <translation>すべての手法</translation>
    </message>
    <message>
        <location line="-235"/>
        <source>&amp;Group seeds</source>
        <translation>シードをまとめる(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Runs that differ only in seed as one row: their mean accuracy and forgetting ± the standard deviation</source>
        <translation>シードだけが違う実行を 1 行に: 平均精度と平均忘却 ± 標準偏差</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Save the selected runs as JSON or CSV</source>
        <translation>選択した実行を JSON か CSV で保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import...</source>
        <translation>インポート(&amp;I)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the runs of other run stores: a sweep&apos;s, a cluster&apos;s. Runs already here are not added twice</source>
        <translation>他の実行ストア (スイープやクラスターのもの) の実行を追加します。既にある実行は二重に追加されません</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Undo delete</source>
        <translation>削除を元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bring the deleted runs back (Ctrl+Z)</source>
        <translation>削除した実行を戻す (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Export runs</source>
        <translation>実行をエクスポート</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+281"/>
        <source>Import runs</source>
        <translation>実行のインポート</translation>
    </message>
    <message>
        <location line="-280"/>
        <source>Run stores (*.sqlite *.db *.sqlite3);;All files (*)</source>
        <translation>実行ストア (*.sqlite *.db *.sqlite3);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>All tags</source>
        <translation>すべてのタグ</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source> · data-parallel over %n processes</source>
        <translation>
            <numerusform> · %n 個のプロセスでデータ並列</numerusform>
        </translation>
    </message>
    <message>
        <location line="+50"/>
        <source>run %1: %2</source>
        <translation>実行 %1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>and %n more</source>
        <translation>
            <numerusform>ほか %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <location line="+43"/>
        <source>Delete runs</source>
        <translation>実行の削除</translation>
    </message>
    <message>
        <location line="-367"/>
        <source>Delete the selected runs</source>
        <translation>選択した実行を削除します</translation>
    </message>
    <message numerus="yes">
        <location line="+303"/>
        <source>Delete %n run(s) and everything recorded for them? Undo brings them back until PromptFusion Studio closes.</source>
        <translation>
            <numerusform>%n 件の実行と記録をすべて削除しますか? PromptFusion Studio を閉じるまでは元に戻せます。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Deleted %n run(s): %1</source>
        <translation>
            <numerusform>%n 件の実行を削除しました: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Undo delete</source>
        <translation>削除を元に戻す</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n earlier delete(s) can be undone</source>
        <translation>
            <numerusform>以前の削除 %n 件を元に戻せます</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+43"/>
        <source>Imported %n run(s)</source>
        <translation>
            <numerusform>%n 件の実行をインポートしました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>; %n already here</source>
        <translation>
            <numerusform>、%n 件は既にあります</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>; %n still running, left for a later import</source>
        <translation>
            <numerusform>、%n 件は実行中のため後のインポートに回します</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Export run</source>
        <translation>実行の書き出し</translation>
    </message>
    <message>
        <location line="-508"/>
        <source>Filter by name, method, data set, status, tag or notes</source>
        <translation>名前・手法・データセット・状態・タグ・メモで絞り込み</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+206"/>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <location line="-294"/>
        <source>Notes...</source>
        <translation>メモ...</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Notes:</source>
        <translation>メモ:</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>Overlay the selected runs (two or more)</source>
        <translation>選択した実行(2 件以上)を重ねて表示します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;name...</source>
        <translation>名前の変更(&amp;N)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-&amp;run</source>
        <translation>再実行(&amp;R)</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+200"/>
        <source>Rename run</source>
        <translation>実行の名前を変更</translation>
    </message>
    <message>
        <location line="-271"/>
        <source>Rename the run</source>
        <translation>実行の名前を変更します</translation>
    </message>
    <message>
        <location line="+252"/>
        <source>Run %1 · %2 · %3 tasks · seed %4</source>
        <translation>実行 %1 · %2 · %3 タスク · シード %4</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Run history</source>
        <translation>実行履歴</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>Set the run&apos;s tags, comma-separated</source>
        <translation>実行のタグを設定します(カンマ区切り)</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Show the run&apos;s plots and matrix as they were live</source>
        <translation>実行のグラフと行列を学習時のとおりに表示します</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start a new run with the same config</source>
        <translation>同じ設定で新しい実行を開始します</translation>
    </message>
    <message>
        <location line="+73"/>
        <location line="+209"/>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>Tags, comma-separated:</source>
        <translation>タグ(カンマ区切り):</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Write notes about the run</source>
        <translation>実行についてのメモを書きます</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n run(s) in the store, %1 shown</source>
        <translation>
            <numerusform>ストアに %n 件の実行、%1 件を表示</numerusform>
        </translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Re-run</source>
        <translation>再実行</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>Res&amp;ume</source>
        <translation>再開(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on with an interrupted, stopped or failed run after its last completed task, from its checkpoint</source>
        <translation>中断・停止・失敗した実行を、最後に完了したタスクの後からチェックポイントを使って続けます</translation>
    </message>
</context>
<context>
    <name>pf::ui::LivePlots</name>
    <message>
        <location filename="../ui/live_plots.cpp" line="+30"/>
        <source>Loss smoothing</source>
        <translation>損失の平滑化</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+32"/>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>training loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>loss (smoothed)</source>
        <translation>損失（平滑化）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+15"/>
        <location line="+3"/>
        <location line="+1"/>
        <source>tasks learned</source>
        <translation>学習済みタスク数</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>test accuracy</source>
        <translation>テスト精度</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How wrong the model is on the images it trains on: lower is better. A grey dashed line marks where a new task begins; the orange dashed line is the learning rate (right axis).</source>
        <translation>学習中の画像に対するモデルの誤り具合。低いほど良い。灰色の破線は新しいタスクの始まり、橙色の破線は学習率 (右軸)。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tasks</source>
        <translation>タスク数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One line per task: how well it is still recognised after each new task. A line that falls is forgetting.</source>
        <translation>タスクごとに 1 本の線: 新しいタスクの後もどれだけ認識できるか。下がる線が忘却。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much PromptFusion trusts the Booster, which learns new classes, over the Stabilizer, which keeps old ones.</source>
        <translation>PromptFusion が、新しいクラスを学ぶ Booster を、古いクラスを保つ Stabilizer よりどれだけ信頼するか。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stability</source>
        <translation>安定性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stability: accuracy kept on earlier tasks. Plasticity: accuracy on the task just learned. A good learner keeps both high.</source>
        <translation>安定性: 以前のタスクで保たれた精度。可塑性: 学んだばかりのタスクの精度。良い学習器は両方を高く保つ。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Old tasks</source>
        <translation>古いタスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy on the earlier tasks&apos; classes: the fused prediction and each part of it alone.</source>
        <translation>以前のタスクのクラスでの精度: 融合した予測と各部分単独。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Newest task</source>
        <translation>最新のタスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy on the newest task&apos;s classes: the fused prediction and each part of it alone.</source>
        <translation>最新タスクのクラスでの精度: 融合した予測と各部分単独。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 (dotted)</source>
        <translation>%1 (点線)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>task %1</source>
        <translation>タスク %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task %1: %2</source>
        <translation>タスク %1: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>PromptFusion&apos;s weight of the Booster
(other methods have none)</source>
        <translation>PromptFusion の Booster の重み
(他の手法にはありません)</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Booster&apos;s weight</source>
        <translation>Booster の重み</translation>
    </message>
    <message>
        <location line="+34"/>
        <source> task %1</source>
        <translation> タスク %1</translation>
    </message>
    <message>
        <location line="-235"/>
        <source>fusion weight</source>
        <translation>融合重み</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stability / plasticity</source>
        <translation>安定性 / 可塑性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>accuracy on old tasks</source>
        <translation>過去タスクの精度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>accuracy on the newest task</source>
        <translation>最新タスクの精度</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>gate rate (Lite)</source>
        <translation>ゲート率 (Lite)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>stability (old tasks)</source>
        <translation>安定性 (過去タスク)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>plasticity (newest task)</source>
        <translation>可塑性 (最新タスク)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>average accuracy</source>
        <translation>平均精度</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>fused</source>
        <translation>融合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stabilizer</source>
        <translation>Stabilizer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Booster</source>
        <translation>Booster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Booster usage (Lite)</source>
        <translation>Booster 使用率 (Lite)</translation>
    </message>
</context>
<context>
    <name>pf::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="+67"/>
        <source>PromptFusion Studio</source>
        <translation>PromptFusion Studio</translation>
    </message>
    <message>
        <location line="+652"/>
        <source>Run %1 stored in %2</source>
        <translation>実行 %1 を %2 に保存しました</translation>
    </message>
    <message>
        <location line="-590"/>
        <source>BLAS: %1</source>
        <translation>BLAS: %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&amp;Start</source>
        <translation>開始(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+338"/>
        <source>Start a run with the settings on the left (Ctrl+R)</source>
        <translation>左の設定で実行を開始します (Ctrl+R)</translation>
    </message>
    <message>
        <location line="-335"/>
        <source>&amp;Pause</source>
        <translation>一時停止(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause or resume between batches</source>
        <translation>バッチの合間で一時停止・再開します</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>S&amp;tep epoch</source>
        <translation>1 エポック進める(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run one more epoch, then pause</source>
        <translation>もう 1 エポック実行してから一時停止します</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the run; it is stored as stopped (Ctrl+.)</source>
        <translation>実行を停止します。「停止」として保存されます (Ctrl+.)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Welcome. The forgetting demo is loaded: press Start (Ctrl+R) to watch fine-tuning forget each task and PromptFusion keep them (about half a minute on two cores). Other experiments are in the Preset box.</source>
        <translation>ようこそ。忘却デモを読み込みました: 開始 (Ctrl+R) を押すと、ファインチューニングが各タスクを忘れ PromptFusion が保つ様子が見られます (2 コアで約 30 秒)。他の実験はプリセットの一覧にあります。</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open config...</source>
        <translation>設定を開く(&amp;O)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+886"/>
        <location line="+10"/>
        <source>Open config</source>
        <translation>設定を開く</translation>
    </message>
    <message>
        <location line="-895"/>
        <source>Configs (*.json);;All files (*)</source>
        <translation>設定 (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fill the form from a JSON config (as pfstudio run --config reads)</source>
        <translation>JSON 設定からフォームを埋める (pfstudio run --config と同じ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save config as...</source>
        <translation>設定に名前を付けて保存(&amp;S)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+905"/>
        <source>Save config</source>
        <translation>設定を保存</translation>
    </message>
    <message>
        <location line="-901"/>
        <source>Configs (*.json)</source>
        <translation>設定 (*.json)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open run &amp;store...</source>
        <translation>実行ストアを開く(&amp;S)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+903"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Open run store</source>
        <translation>実行ストアを開く</translation>
    </message>
    <message>
        <location line="-915"/>
        <source>Run stores (*.sqlite);;All files (*)</source>
        <translation>実行ストア (*.sqlite);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Presentation</source>
        <translation>プレゼンテーション(&amp;P)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Full screen</source>
        <translation>全画面表示(&amp;F)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>T&amp;heme</source>
        <translation>テーマ(&amp;H)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;System</source>
        <translation>システム(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Light</source>
        <translation>ライト(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dark</source>
        <translation>ダーク(&amp;D)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About PromptFusion Studio</source>
        <translation>PromptFusion Studio について(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New learning rate for the running run, from its next step</source>
        <translation>実行中の実行の新しい学習率(次のステップから)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 (needs your data)</source>
        <translation>%1 (データが必要)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+119"/>
        <source>Preset</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Load preset</source>
        <translation>プリセットを読み込む</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load preset %1? Your changes to the settings are lost.</source>
        <translation>プリセット %1 を読み込みますか? 設定の変更は失われます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Discard changes</source>
        <translation>変更を破棄</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Experiment</source>
        <translation>実験</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy matrix</source>
        <translation>精度行列</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Cannot start: %1</source>
        <translation>開始できません: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+12"/>
        <source>Invalid settings</source>
        <translation>無効な設定</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+30"/>
        <source>Loading data...</source>
        <translation>データを読み込み中...</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Presentation: F11 or Escape to leave, Page Up / Page Down for other plots</source>
        <translation>プレゼンテーション: F11 か Escape で終了、Page Up / Page Down で他のグラフ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presentation ended</source>
        <translation>プレゼンテーションを終了しました</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>The run store cannot be written:
%1

Training goes on and keeps its results in memory. When the run ends, they are saved into a recovery store beside it.</source>
        <translation>実行ストアに書き込めません:
%1

学習は続行し、結果はメモリに保持されます。実行が終わると、結果はストアの隣の復旧用ストアに保存されます。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Run %1&apos;s results were saved as run %2 of %3</source>
        <translation>実行 %1 の結果を %3 の実行 %2 として保存しました</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The run store failed (%1), so run %2&apos;s results were saved as run %3 of
%4</source>
        <translation>実行ストアが失敗したため (%1)、実行 %2 の結果を次のファイルの実行 %3 として保存しました:
%4</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The run&apos;s results could not be saved (%1); they are kept in memory: Run &gt; Save kept run as... writes them into another file</source>
        <translation>実行の結果を保存できませんでした (%1)。結果はメモリに保持されています: 「実行」&gt;「保持中の実行を別名で保存...」で別のファイルに書き出せます</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Run %1 is a stored run: sample images are shown while a run trains and are not stored.</source>
        <translation>実行 %1 は保存済みの実行です。サンプル画像は学習中にのみ表示され、保存されません。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Resumed</source>
        <translation>再開しました</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Running one more epoch</source>
        <translation>もう 1 エポック実行します</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stored run %1: %2</source>
        <translation>保存済みの実行 %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run %1, %2 of %3 in the comparison: %4</source>
        <translation>実行 %1 (比較の %3 件中 %2 件目): %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run %1: %2</source>
        <translation>実行 %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; dotted: %1</source>
        <translation>; 点線: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run %1 %2</source>
        <translation>実行 %1 %2</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>&lt;h3&gt;PromptFusion Studio %1&lt;/h3&gt;&lt;p&gt;Interactive continual learning: watch PromptFusion and its baselines learn a sequence of tasks.&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5&lt;/p&gt;&lt;p&gt;BLAS: %6&lt;br&gt;Kernel: %7&lt;br&gt;Runs compute with %8 threads (%9 cores)&lt;/p&gt;</source>
        <translation>&lt;h3&gt;PromptFusion Studio %1&lt;/h3&gt;&lt;p&gt;インタラクティブな継続学習: PromptFusion とそのベースラインがタスク列を学習する様子を観察できます。&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5&lt;/p&gt;&lt;p&gt;BLAS: %6&lt;br&gt;カーネル: %7&lt;br&gt;実行の計算スレッド: %8 (%9 コア)&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読めません: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 is not a config this version can run:
%2</source>
        <translation>%1 はこのバージョンで実行できる設定ではありません:
%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Config loaded from %1</source>
        <translation>%1 から設定を読み込みました</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Config saved as %1</source>
        <translation>設定を %1 に保存しました</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A run is in progress; open another store when it has ended.</source>
        <translation>実行中です。終わってから別のストアを開いてください。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Run store: %1</source>
        <translation>実行ストア: %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Learning rate %1 from the next step</source>
        <translation>次のステップから学習率 %1</translation>
    </message>
    <message numerus="yes">
        <location line="-625"/>
        <source>Comparison: %n runs on the same task sequence, one after the other</source>
        <translation>
            <numerusform>比較: 同じタスク列で %n 件の実行を順に行います</numerusform>
        </translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Lo&amp;g</source>
        <translation>ログ(&amp;G)</translation>
    </message>
    <message>
        <location line="+360"/>
        <source>Stopping at the next batch...</source>
        <translation>次のバッチで停止します...</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1: %2, %3 tasks, %4 trainable parameters, %5 threads</source>
        <translation>%1: %2、%3 タスク、学習可能パラメータ %4、%5 スレッド</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each training step is split by batch into %1 parts, one per thread</source>
        <translation>各学習ステップをバッチで %1 個に分割し、スレッドごとに 1 つずつ計算します</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Task %1/%2 [%3]: %4 training images, %5 steps x %6 epochs</source>
        <translation>タスク %1/%2 [%3]: 学習画像 %4 枚、%5 ステップ × %6 エポック</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Task %1/%2 · epoch %3/%4 · loss %5 · %6 img/s · ETA %7</source>
        <translation>タスク %1/%2 · エポック %3/%4 · 損失 %5 · %6 枚/秒 · 残り %7</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>  epoch %1/%2: mean loss %3, %4 s</source>
        <translation>  エポック %1/%2: 平均損失 %3、%4 秒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paused after epoch %1</source>
        <translation>エポック %1 の後で一時停止中</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>  accuracy after task %1: %2 | average %3</source>
        <translation>  タスク %1 学習後の精度: %2 | 平均 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+14"/>
        <source>, forgetting %1</source>
        <translation>、忘却 %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Run %1 %2 after %3 s</source>
        <translation>実行 %1: %3 秒後に %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>: average accuracy %1</source>
        <translation>: 平均精度 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Run %1</source>
        <translation>実行 %1</translation>
    </message>
    <message>
        <location line="-811"/>
        <location line="+820"/>
        <location line="+1"/>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot run the experiment</source>
        <translation>実験を実行できません</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>About PromptFusion Studio</source>
        <translation>PromptFusion Studio について</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&lt;p&gt;&lt;b&gt;Warning:&lt;/b&gt; %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;警告:&lt;/b&gt; %1&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;p&gt;Runs are stored in %1&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;p&gt;実行結果の保存先: %1&lt;/p&gt;&lt;p&gt;ライセンス: GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="-875"/>
        <source>BLAS kernel: %1</source>
        <translation>BLAS カーネル: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Slow matrix products</source>
        <translation>行列積が低速です</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>BLAS kernel setting</source>
        <translation>BLAS カーネルの設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

OpenBLAS&apos;s own choice of kernels runs instead.</source>
        <translation>%1

代わりに OpenBLAS 自身が選んだカーネルを使います。</translation>
    </message>
    <message>
        <location line="+864"/>
        <source>Stop the run?</source>
        <translation>実行を停止しますか?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run is in progress. Stop it and quit? It is kept in the history as stopped.</source>
        <translation>実行中です。停止して終了しますか? 履歴には「停止」として残ります。</translation>
    </message>
    <message>
        <location line="-879"/>
        <location line="+555"/>
        <source>Warning: %1</source>
        <translation>警告: %1</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>domain %1</source>
        <translation>ドメイン %1</translation>
    </message>
    <message>
        <location line="-467"/>
        <source>Tasks</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+653"/>
        <source>A run is in progress; open stored runs when it has ended.</source>
        <translation>実行中です。保存済みの実行は終了後に開いてください。</translation>
    </message>
    <message>
        <location line="-634"/>
        <source>A run is in progress; re-run it when it has ended.</source>
        <translation>実行中です。終了後に再実行してください。</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location line="+543"/>
        <location line="+103"/>
        <source>Open run</source>
        <translation>実行を開く</translation>
    </message>
    <message>
        <location line="-634"/>
        <location line="+6"/>
        <source>Re-run</source>
        <translation>再実行</translation>
    </message>
    <message>
        <location line="+333"/>
        <source>Showing run %1: %2 (%3)</source>
        <translation>実行 %1 を表示中: %2 (%3)</translation>
    </message>
    <message>
        <location line="-441"/>
        <source> Learning rate </source>
        <translation> 学習率 </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <location line="+826"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; is not a learning rate: give a number in (0, 10].</source>
        <translation>&apos;%1&apos; は学習率ではありません: (0, 10] の数値を入力してください。</translation>
    </message>
    <message>
        <location line="-744"/>
        <source>Samples</source>
        <translation>サンプル</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The language changes at the next start.</source>
        <translation>言語は次回の起動から切り替わります。</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Compute &amp;threads...</source>
        <translation>計算スレッド(&amp;T)...</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compute threads</source>
        <translation>計算スレッド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads for training runs whose config says 0 (0: all %1 cores):</source>
        <translation>設定が 0 の学習実行に使うスレッド数 (0: 全 %1 コア):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Runs use all cores</source>
        <translation>実行はすべてのコアを使います</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Runs use %1 threads</source>
        <translation>実行は %1 スレッドを使います</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Save &amp;kept run as...</source>
        <translation>保持中の実行を別名で保存(&amp;K)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save a run whose store could not be written into another file</source>
        <translation>ストアに書き込めなかった実行を別のファイルに保存します</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+853"/>
        <source>Save kept run as</source>
        <translation>保持中の実行を別名で保存</translation>
    </message>
    <message>
        <location line="-852"/>
        <location line="+854"/>
        <source>Run stores (*.sqlite)</source>
        <translation>実行ストア (*.sqlite)</translation>
    </message>
    <message>
        <location line="-319"/>
        <source>Error: the run store cannot be written: %1</source>
        <translation>エラー: 実行ストアに書き込めません: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>Run store</source>
        <translation>実行ストア</translation>
    </message>
    <message>
        <location line="-172"/>
        <source>Resume run</source>
        <translation>実行の再開</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A run is in progress; resume another when it has ended.</source>
        <translation>実行中です。終了してから別の実行を再開してください。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Resuming run %1 from its checkpoint</source>
        <translation>実行 %1 をチェックポイントから再開しています</translation>
    </message>
    <message>
        <location line="+204"/>
        <source>Warning: no checkpoint after task %1: %2</source>
        <translation>警告: タスク %1 の後のチェックポイントがありません: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checkpoint not written</source>
        <translation>チェックポイントを書き込めませんでした</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The checkpoint after task %1 could not be written, so the run cannot resume from there if it is interrupted. Training goes on.

%2</source>
        <translation>タスク %1 の後のチェックポイントを書き込めなかったため、中断された場合はそこから再開できません。学習は続行します。

%2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1: %2, resumed after task %3 of %4, %5 threads</source>
        <translation>%1: %2、タスク %3 / %4 の後から再開、%5 スレッド</translation>
    </message>
    <message>
        <location line="+305"/>
        <source>Kept run saved as run %1 of %2</source>
        <translation>保持中の実行を %2 の実行 %1 として保存しました</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save kept run</source>
        <translation>保持中の実行の保存</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Save the kept run?</source>
        <translation>保持中の実行を保存しますか?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last run could not be written to the run store: its results exist only in memory. Save them into another file before quitting?</source>
        <translation>直前の実行は実行ストアに書き込めませんでした。結果はメモリ上にしかありません。終了する前に別のファイルに保存しますか?</translation>
    </message>
</context>
<context>
    <name>pf::ui::MatrixView</name>
    <message>
        <location filename="../ui/matrix_view.cpp" line="+30"/>
        <source>E&amp;xport table...</source>
        <translation>表をエクスポート(&amp;X)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the accuracy of every task after each task, with the average accuracy, forgetting, stability and plasticity, as CSV</source>
        <translation>各タスク後の全タスクの精度を、平均精度・忘却・安定性・可塑性とともに CSV で保存</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+13"/>
        <source>Export table</source>
        <translation>表をエクスポート</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>after learning task</source>
        <translation>学習したタスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task tested</source>
        <translation>テストしたタスク</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>accuracy</source>
        <translation>精度</translation>
    </message>
</context>
<context>
    <name>pf::ui::PlotWidget</name>
    <message>
        <location filename="../ui/plot_widget.cpp" line="+206"/>
        <source>Fit to data</source>
        <translation>データに合わせる</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export as PNG...</source>
        <translation>PNG として書き出し...</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Export plot</source>
        <translation>グラフの書き出し</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+7"/>
        <source>Export failed</source>
        <translation>書き出しに失敗しました</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+7"/>
        <source>Could not write %1</source>
        <translation>%1 に書き込めませんでした</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Export as PDF...</source>
        <translation>PDF として書き出し...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文書 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>pf::ui::PreviewLoader</name>
    <message>
        <location filename="../ui/task_preview.cpp" line="+33"/>
        <source>%1: %2 classes, %3 training and %4 test images, %5 x %5 pixels</source>
        <translation>%1: %2 クラス、学習画像 %3 枚とテスト画像 %4 枚、%5 × %5 ピクセル</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Task %1</source>
        <translation>タスク %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task %1 · %2</source>
        <translation>タスク %1 · %2</translation>
    </message>
</context>
<context>
    <name>pf::ui::PromptUseView</name>
    <message>
        <location filename="../ui/prompt_use_view.cpp" line="+20"/>
        <source>Prompt selection: % of each task&apos;s test images that chose each prompt</source>
        <translation>プロンプト選択: 各タスクのテスト画像のうち各プロンプトを選んだ割合 (%)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The evaluation to show</source>
        <translation>表示する評価</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>after task %1</source>
        <translation>タスク %1 の後</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task tested</source>
        <translation>テストしたタスク</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>share of images (%)</source>
        <translation>画像の割合 (%)</translation>
    </message>
</context>
<context>
    <name>pf::ui::RunTableModel</name>
    <message numerus="yes">
        <location filename="../ui/history_view.cpp" line="-219"/>
        <source>%n runs that differ only in seed: %1</source>
        <translation>
            <numerusform>シードだけが違う %n 件の実行: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 (%n seeds)</source>
        <translation>
            <numerusform>%1 (%n シード)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>After %1 of %2 tasks: not the whole sequence&apos;s figure</source>
        <translation>%2 タスク中 %1 タスク後の値です。タスク列全体の値ではありません</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Method</source>
        <translation>手法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data set</source>
        <translation>データセット</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Started</source>
        <translation>開始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tasks</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy %</source>
        <translation>精度 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forgetting %</source>
        <translation>忘却 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
</context>
<context>
    <name>pf::ui::SampleInspector</name>
    <message>
        <location filename="../ui/sample_inspector.cpp" line="+37"/>
        <source>Test images of every task so far appear here after each task, with each part&apos;s prediction: green right, red wrong.</source>
        <translation>タスクごとに、これまでの各タスクのテスト画像と各部分の予測がここに表示されます(緑: 正解、赤: 不正解)。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>After task %1: test images of each task learned so far</source>
        <translation>タスク %1 の後: これまでに学習した各タスクのテスト画像</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;b&gt;Task %1&lt;/b&gt; (old)</source>
        <translation>&lt;b&gt;タスク %1&lt;/b&gt; (過去)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Task %1&lt;/b&gt; (new)</source>
        <translation>&lt;b&gt;タスク %1&lt;/b&gt; (最新)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>pf::ui::TaskPreview</name>
    <message>
        <location filename="../ui/task_preview.cpp" line="+48"/>
        <source>No data loaded yet</source>
        <translation>データはまだ読み込まれていません</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Loading the data...</source>
        <translation>データを読み込んでいます...</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot load the data: %1</source>
        <translation>データを読み込めません: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Warning: %1</source>
        <translation>警告: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 training, %3 test images · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · 学習画像 %2 枚、テスト画像 %3 枚 · %4</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n classes</source>
        <translation>
            <numerusform>%n クラス</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pf::ui::TrainingWorker</name>
    <message>
        <location filename="../ui/training_worker.cpp" line="+26"/>
        <source>Unknown error in the training thread</source>
        <translation>学習スレッドで不明なエラーが発生しました</translation>
    </message>
</context>
</TS>
