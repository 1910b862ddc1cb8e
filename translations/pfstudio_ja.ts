<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>pf::ui::CompareView</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="+122"/>
        <source>Compare runs</source>
        <translation>実行の比較</translation>
    </message>
    <message>
        <location line="-70"/>
        <location line="+91"/>
        <source>Select two or more runs in the History and press Compare.</source>
        <translation>履歴で 2 件以上の実行を選び、「比較」を押してください。</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>average accuracy</source>
        <translation>平均精度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>fusion weight (the Booster&apos;s)</source>
        <translation>融合重み (Booster の重み)</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>final average accuracy %</source>
        <translation>最終平均精度 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>final forgetting %</source>
        <translation>最終忘却 %</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>forgetting</source>
        <translation>忘却</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="-92"/>
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
        <location line="+79"/>
        <source>%n runs compared; differing settings are highlighted</source>
        <translation>
            <numerusform>%n 件の実行を比較中。異なる設定は強調表示されます</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pf::ui::ConfigForm</name>
    <message>
        <location filename="../ui/config_form.cpp" line="+47"/>
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
</context>
<context>
    <name>pf::ui::HistoryView</name>
    <message>
        <location filename="../ui/history_view.cpp" line="+261"/>
        <source>&amp;Compare</source>
        <translation>比較(&amp;C)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Delete...</source>
        <translation>削除(&amp;D)...</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Export...</source>
        <translation>書き出し(&amp;E)...</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>&amp;Open</source>
        <translation>開く(&amp;O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Tags...</source>
        <translation>タグ(&amp;T)...</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>All data sets</source>
        <translation>すべてのデータセット</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>All methods</source>
        <translation>すべての手法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All tags</source>
        <translation>すべてのタグ</translation>
    </message>
    <message>
        <location line="+124"/>
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
        <location line="+18"/>
        <source>Delete runs</source>
        <translation>実行の削除</translation>
    </message>
    <message>
        <location line="-260"/>
        <source>Delete the selected runs</source>
        <translation>選択した実行を削除します</translation>
    </message>
    <message>
        <location line="+65"/>
        <location line="+217"/>
        <source>Export run</source>
        <translation>実行の書き出し</translation>
    </message>
    <message>
        <location line="-346"/>
        <source>Filter by name, method, data set, status, tag or notes</source>
        <translation>名前・手法・データセット・状態・タグ・メモで絞り込み</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+181"/>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>Notes...</source>
        <translation>メモ...</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Notes:</source>
        <translation>メモ:</translation>
    </message>
    <message>
        <location line="-55"/>
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
        <location line="+32"/>
        <location line="+175"/>
        <source>Rename run</source>
        <translation>実行の名前を変更</translation>
    </message>
    <message>
        <location line="-210"/>
        <source>Rename the run</source>
        <translation>実行の名前を変更します</translation>
    </message>
    <message>
        <location line="+194"/>
        <source>Run %1 · %2 · %3 tasks · seed %4</source>
        <translation>実行 %1 · %2 · %3 タスク · シード %4</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>Run history</source>
        <translation>実行履歴</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Save the run as JSON or CSV</source>
        <translation>実行を JSON または CSV で保存します</translation>
    </message>
    <message>
        <location line="-8"/>
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
        <location line="+37"/>
        <location line="+184"/>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Tags, comma-separated:</source>
        <translation>タグ(カンマ区切り):</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Write notes about the run</source>
        <translation>実行についてのメモを書きます</translation>
    </message>
    <message numerus="yes">
        <location line="+187"/>
        <source>%n run(s) in the store, %1 shown</source>
        <translation>
            <numerusform>ストアに %n 件の実行、%1 件を表示</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+64"/>
        <source>Delete %n run(s) and everything recorded for them? This cannot be undone.</source>
        <translation>
            <numerusform>%n 件の実行と記録されたすべてを削除しますか? 元に戻せません。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-186"/>
        <source>Re-run</source>
        <translation>再実行</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Res&amp;ume</source>
        <translation>再開(&amp;U)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Go on with an interrupted, stopped or failed run after its last completed task, from its checkpoint</source>
        <translation>中断・停止・失敗した実行を、最後に完了したタスクの後からチェックポイントを使って続けます</translation>
    </message>
</context>
<context>
    <name>pf::ui::LivePlots</name>
    <message>
        <location filename="../ui/live_plots.cpp" line="+26"/>
        <source>Loss smoothing</source>
        <translation>損失の平滑化</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+30"/>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location line="-29"/>
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
        <location line="+7"/>
        <location line="+18"/>
        <location line="+3"/>
        <location line="+1"/>
        <source>tasks learned</source>
        <translation>学習済みタスク数</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>test accuracy</source>
        <translation>テスト精度</translation>
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
        <location line="+16"/>
        <source>PromptFusion&apos;s weight of the Booster
(other methods have none)</source>
        <translation>PromptFusion の Booster の重み
(他の手法にはありません)</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Booster&apos;s weight</source>
        <translation>Booster の重み</translation>
    </message>
    <message>
        <location line="+33"/>
        <source> task %1</source>
        <translation> タスク %1</translation>
    </message>
    <message>
        <location line="-138"/>
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
        <location line="+102"/>
        <source>gate rate (Lite)</source>
        <translation>ゲート率 (Lite)</translation>
    </message>
    <message>
        <location line="+45"/>
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
        <location line="+19"/>
        <source>Booster usage (Lite)</source>
        <translation>Booster 使用率 (Lite)</translation>
    </message>
</context>
<context>
    <name>pf::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="+60"/>
        <source>PromptFusion Studio</source>
        <translation>PromptFusion Studio</translation>
    </message>
    <message>
        <location line="+445"/>
        <source>Run %1 stored in %2</source>
        <translation>実行 %1 を %2 に保存しました</translation>
    </message>
    <message>
        <location line="-397"/>
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
        <location line="+218"/>
        <source>Start a run with the settings on the left (Ctrl+R)</source>
        <translation>左の設定で実行を開始します (Ctrl+R)</translation>
    </message>
    <message>
        <location line="-215"/>
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
        <location line="+14"/>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full screen</source>
        <translation>全画面表示(&amp;F)</translation>
    </message>
    <message>
        <location line="+41"/>
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
        <location line="+15"/>
        <location line="+91"/>
        <source>Preset</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <location line="-80"/>
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
        <location line="+30"/>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location line="+33"/>
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
        <location line="+74"/>
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
        <location line="+152"/>
        <source>&lt;h3&gt;PromptFusion Studio %1&lt;/h3&gt;&lt;p&gt;Interactive continual learning: watch PromptFusion and its baselines learn a sequence of tasks.&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5&lt;/p&gt;&lt;p&gt;BLAS: %6&lt;br&gt;Kernel: %7&lt;br&gt;Runs compute with %8 threads (%9 cores)&lt;/p&gt;</source>
        <translation>&lt;h3&gt;PromptFusion Studio %1&lt;/h3&gt;&lt;p&gt;インタラクティブな継続学習: PromptFusion とそのベースラインがタスク列を学習する様子を観察できます。&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5&lt;/p&gt;&lt;p&gt;BLAS: %6&lt;br&gt;カーネル: %7&lt;br&gt;実行の計算スレッド: %8 (%9 コア)&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Learning rate %1 from the next step</source>
        <translation>次のステップから学習率 %1</translation>
    </message>
    <message numerus="yes">
        <location line="-483"/>
        <source>Comparison: %n runs on the same task sequence, one after the other</source>
        <translation>
            <numerusform>比較: 同じタスク列で %n 件の実行を順に行います</numerusform>
        </translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Lo&amp;g</source>
        <translation>ログ(&amp;G)</translation>
    </message>
    <message>
        <location line="+279"/>
        <source>Stopping at the next batch...</source>
        <translation>次のバッチで停止します...</translation>
    </message>
    <message>
        <location line="+41"/>
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
        <location line="-615"/>
        <location line="+624"/>
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
        <location line="-679"/>
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
        <location line="+668"/>
        <source>Stop the run?</source>
        <translation>実行を停止しますか?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run is in progress. Stop it and quit? It is kept in the history as stopped.</source>
        <translation>実行中です。停止して終了しますか? 履歴には「停止」として残ります。</translation>
    </message>
    <message>
        <location line="-683"/>
        <location line="+371"/>
        <source>Warning: %1</source>
        <translation>警告: %1</translation>
    </message>
    <message>
        <location line="+177"/>
        <source>domain %1</source>
        <translation>ドメイン %1</translation>
    </message>
    <message>
        <location line="-380"/>
        <source>Tasks</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+564"/>
        <source>A run is in progress; open stored runs when it has ended.</source>
        <translation>実行中です。保存済みの実行は終了後に開いてください。</translation>
    </message>
    <message>
        <location line="-548"/>
        <source>A run is in progress; re-run it when it has ended.</source>
        <translation>実行中です。終了後に再実行してください。</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location line="+456"/>
        <location line="+101"/>
        <source>Open run</source>
        <translation>実行を開く</translation>
    </message>
    <message>
        <location line="-548"/>
        <location line="+6"/>
        <source>Re-run</source>
        <translation>再実行</translation>
    </message>
    <message>
        <location line="+252"/>
        <source>Showing run %1: %2 (%3)</source>
        <translation>実行 %1 を表示中: %2 (%3)</translation>
    </message>
    <message>
        <location line="-315"/>
        <source> Learning rate </source>
        <translation> 学習率 </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <location line="+631"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; is not a learning rate: give a number in (0, 10].</source>
        <translation>&apos;%1&apos; は学習率ではありません: (0, 10] の数値を入力してください。</translation>
    </message>
    <message>
        <location line="-591"/>
        <source>Samples</source>
        <translation>サンプル</translation>
    </message>
    <message>
        <location line="-88"/>
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
        <location line="-29"/>
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
        <location line="-38"/>
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
        <location line="+657"/>
        <source>Save kept run as</source>
        <translation>保持中の実行を別名で保存</translation>
    </message>
    <message>
        <location line="-656"/>
        <location line="+658"/>
        <source>Run stores (*.sqlite)</source>
        <translation>実行ストア (*.sqlite)</translation>
    </message>
    <message>
        <location line="-316"/>
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
        <location line="-99"/>
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
        <location line="+131"/>
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
        <location line="+54"/>
        <source>%1: %2, resumed after task %3 of %4, %5 threads</source>
        <translation>%1: %2、タスク %3 / %4 の後から再開、%5 スレッド</translation>
    </message>
    <message>
        <location line="+239"/>
        <source>Kept run saved as run %1 of %2</source>
        <translation>保持中の実行を %2 の実行 %1 として保存しました</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save kept run</source>
        <translation>保持中の実行の保存</translation>
    </message>
    <message>
        <location line="-56"/>
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
        <location filename="../ui/matrix_view.cpp" line="+34"/>
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
        <location filename="../ui/plot_widget.cpp" line="+103"/>
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
        <location line="+30"/>
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
        <location line="+17"/>
        <source>share of images</source>
        <translation>画像の割合</translation>
    </message>
</context>
<context>
    <name>pf::ui::RunTableModel</name>
    <message>
        <location filename="../ui/history_view.cpp" line="-157"/>
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
