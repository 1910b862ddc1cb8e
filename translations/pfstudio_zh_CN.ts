<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FieldLabel</name>
    <message>
        <location filename="../ui/labels.cpp" line="+27"/>
        <source>Random crops</source>
        <translation>随机裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image cache (MB)</source>
        <translation>图像缓存 (MB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Centre crop</source>
        <translation>中心裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class names file</source>
        <translation>类别名称文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class order seed</source>
        <translation>类别顺序种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classes per task</source>
        <translation>每个任务的类别数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP batch size</source>
        <translation>CLIP 批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP context length</source>
        <translation>CLIP 上下文长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP embedding size</source>
        <translation>CLIP 嵌入维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP epochs</source>
        <translation>CLIP 轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP heads</source>
        <translation>CLIP 注意力头数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP layers</source>
        <translation>CLIP 层数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP learning rate</source>
        <translation>CLIP 学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP patch size</source>
        <translation>CLIP 图块大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP text heads</source>
        <translation>CLIP 文本注意力头数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP text layers</source>
        <translation>CLIP 文本层数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP text width</source>
        <translation>CLIP 文本宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP vocabulary size</source>
        <translation>CLIP 词表大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP weights file</source>
        <translation>CLIP 权重文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP width</source>
        <translation>CLIP 宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt components</source>
        <translation>提示分量数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt layers</source>
        <translation>提示层</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+33"/>
        <source>Prompt length</source>
        <translation>提示长度</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Orthogonality weight</source>
        <translation>正交性权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare with methods</source>
        <translation>对比的方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domains</source>
        <translation>领域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start E-prompts from the last</source>
        <translation>E 提示从上一个开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-prompt layers</source>
        <translation>E 提示层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-prompt length</source>
        <translation>E 提示长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-key pull weight</source>
        <translation>E 键拉近权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs per task</source>
        <translation>每个任务的轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluation batch size</source>
        <translation>评估批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online decay (gamma)</source>
        <translation>在线衰减 (gamma)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penalty weight (lambda)</source>
        <translation>惩罚权重 (lambda)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online EWC</source>
        <translation>在线 EWC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classes in the first task</source>
        <translation>第一个任务的类别数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fisher samples</source>
        <translation>Fisher 样本数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horizontal flips</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Booster weight (-1: learned)</source>
        <translation>Booster 权重 (-1: 学习)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G-prompt layers</source>
        <translation>G 提示层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G-prompt length</source>
        <translation>G 提示长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate activation weight</source>
        <translation>门控激活权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate distillation weight</source>
        <translation>门控蒸馏权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate hidden units</source>
        <translation>门控隐藏单元数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate target rate</source>
        <translation>门控目标比率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate temperature</source>
        <translation>门控温度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greyscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image size</source>
        <translation>图像大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch-wise prompt voting</source>
        <translation>按批提示投票</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt pool size</source>
        <translation>提示池大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key pull weight</source>
        <translation>键拉近权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompts chosen (top k)</source>
        <translation>选用的提示数 (top k)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distillation weight (alpha)</source>
        <translation>蒸馏权重 (alpha)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distillation temperature</source>
        <translation>蒸馏温度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight mask rate</source>
        <translation>权重掩码学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory selection</source>
        <translation>记忆选择方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory size (images)</source>
        <translation>记忆大小 (图像数)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run name</source>
        <translation>运行名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step sharing</source>
        <translation>训练步分担</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batches loaded ahead</source>
        <translation>预取批数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probed backbone</source>
        <translation>探测的骨干网络</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random resized crops</source>
        <translation>随机缩放裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split seed</source>
        <translation>划分种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stabilizer logit scale</source>
        <translation>Stabilizer logit 缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stabilizer readout</source>
        <translation>Stabilizer 读出方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test share</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images per class</source>
        <translation>每类测试图像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text prompt tokens</source>
        <translation>文本提示词元数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute threads</source>
        <translation>计算线程数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mask other tasks&apos; classes</source>
        <translation>屏蔽其他任务的类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training images per class</source>
        <translation>每类训练图像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation images per class</source>
        <translation>每类验证图像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP visual prompt tokens</source>
        <translation>CLIP 视觉提示词元数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT batch size</source>
        <translation>ViT 批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT depth</source>
        <translation>ViT 深度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT width</source>
        <translation>ViT 宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT epochs</source>
        <translation>ViT 轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT heads</source>
        <translation>ViT 注意力头数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT start</source>
        <translation>ViT 初始状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT learning rate</source>
        <translation>ViT 学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT MLP ratio</source>
        <translation>ViT MLP 比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>ViT patch size</source>
        <translation>ViT 图块大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ViT weights file</source>
        <translation>ViT 权重文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visual prompt length</source>
        <translation>视觉提示长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight mask</source>
        <translation>权重掩码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record zero-shot accuracy</source>
        <translation>记录零样本准确率</translation>
    </message>
</context>
<context>
    <name>PresetTitle</name>
    <message>
        <location line="+20"/>
        <source>Forgetting demo: fine-tuning, then PromptFusion</source>
        <translation>遗忘演示: 微调, 然后 PromptFusion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fashion-MNIST renditions (benchmark)</source>
        <translation>Fashion-MNIST 渲染变体 (基准)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick look: Split Fashion-MNIST, one epoch</source>
        <translation>快速体验: 拆分 Fashion-MNIST, 1 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split Fashion-MNIST</source>
        <translation>拆分 Fashion-MNIST</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Split Fashion-MNIST, PromptFusion-Lite</source>
        <translation>拆分 Fashion-MNIST, PromptFusion-Lite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fashion-MNIST in six domains (domain-incremental)</source>
        <translation>六个领域的 Fashion-MNIST (领域增量)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split CIFAR-100, the paper&apos;s setup</source>
        <translation>拆分 CIFAR-100, 论文设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split ImageNet-R, the paper&apos;s setup</source>
        <translation>拆分 ImageNet-R, 论文设置</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location line="-22"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
</context>
<context>
    <name>pf::ui::CompareView</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="+177"/>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+209"/>
        <source>Select two or more runs in the History and press Compare.</source>
        <translation>请在历史中选择两个或更多运行，然后点击“比较”。</translation>
    </message>
    <message>
        <location line="-206"/>
        <source>&amp;Mean over seeds</source>
        <translation>按种子取平均(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Runs that differ only in seed as one line and one column: their mean, with one standard deviation</source>
        <translation>仅种子不同的运行合为一条线和一列: 均值及一个标准差</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xport table...</source>
        <translation>导出表格(&amp;X)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the table as CSV, standard deviations included</source>
        <translation>将表格保存为 CSV (含标准差)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+339"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location line="-339"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>average accuracy</source>
        <translation>平均准确率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>fusion weight (the Booster&apos;s)</source>
        <translation>融合权重（Booster 的权重）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average accuracy over the tasks learned so far, one line per run.</source>
        <translation>到目前为止所学任务的平均准确率, 每次运行一条线。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forgetting</source>
        <translation>遗忘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of what the earlier tasks reached is lost, one line per run: lower is better.</source>
        <translation>早先任务达到的准确率损失了多少, 每次运行一条线: 越低越好。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Booster&apos;s weight in each PromptFusion run (other methods have none).</source>
        <translation>每次 PromptFusion 运行中 Booster 的权重 (其他方法没有)。</translation>
    </message>
    <message numerus="yes">
        <location line="+76"/>
        <source>#%1 %2, %n seeds</source>
        <translation>
            <numerusform>#%1 %2, %n 个种子</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+98"/>
        <source>%n runs compared; runs that differ only in seed show their mean ± standard deviation; differing settings are highlighted</source>
        <translation>
            <numerusform>比较了 %n 次运行; 仅种子不同的运行显示均值 ± 标准差; 不同的设置已高亮</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>final average accuracy %</source>
        <translation>最终平均准确率 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>final forgetting %</source>
        <translation>最终遗忘 %</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1: %2</translation>
    </message>
    <message>
        <location line="-331"/>
        <source>forgetting</source>
        <translation>遗忘</translation>
    </message>
    <message>
        <location line="+201"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-199"/>
        <location line="+3"/>
        <source>tasks learned</source>
        <translation>已学习任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message numerus="yes">
        <location line="+187"/>
        <source>%n runs compared; differing settings are highlighted</source>
        <translation>
            <numerusform>正在比较 %n 个运行；不同的设置已高亮显示</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pf::ui::ConfigForm</name>
    <message>
        <location filename="../ui/config_form.cpp" line="+52"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data and task sequence</source>
        <translation>数据与任务序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PromptFusion</source>
        <translation>PromptFusion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PromptFusion-Lite gate</source>
        <translation>PromptFusion-Lite 门控</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rehearsal memory</source>
        <translation>回放记忆</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weight file</source>
        <translation>权重文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight files (*.safetensors *.pt *.pth *.bin);;All files (*)</source>
        <translation>权重文件 (*.safetensors *.pt *.pth *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Class names file</source>
        <translation>类别名称文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>pf::ui::HistoryView</name>
    <message>
        <location filename="../ui/history_view.cpp" line="+332"/>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Delete...</source>
        <translation>删除(&amp;D)...</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Export...</source>
        <translation>导出(&amp;E)...</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Tags...</source>
        <translation>标签(&amp;T)...</translation>
    </message>
    <message>
        <location line="+176"/>
        <source>All data sets</source>
        <translation>所有数据集</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>All methods</source>
        <translation>所有方法</translation>
    </message>
    <message>
        <location line="-235"/>
        <source>&amp;Group seeds</source>
        <translation>合并种子(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Runs that differ only in seed as one row: their mean accuracy and forgetting ± the standard deviation</source>
        <translation>仅种子不同的运行合为一行: 平均准确率和遗忘 ± 标准差</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Save the selected runs as JSON or CSV</source>
        <translation>将所选运行保存为 JSON 或 CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import...</source>
        <translation>导入(&amp;I)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the runs of other run stores: a sweep&apos;s, a cluster&apos;s. Runs already here are not added twice</source>
        <translation>添加其他运行库(扫描或集群的)中的运行。已有的运行不会重复添加</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Undo delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bring the deleted runs back (Ctrl+Z)</source>
        <translation>恢复已删除的运行 (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Export runs</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+281"/>
        <source>Import runs</source>
        <translation>导入运行</translation>
    </message>
    <message>
        <location line="-280"/>
        <source>Run stores (*.sqlite *.db *.sqlite3);;All files (*)</source>
        <translation>运行库 (*.sqlite *.db *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source> · data-parallel over %n processes</source>
        <translation>
            <numerusform> · 在 %n 个进程上数据并行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+50"/>
        <source>run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>and %n more</source>
        <translation>
            <numerusform>以及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <location line="+43"/>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <location line="-367"/>
        <source>Delete the selected runs</source>
        <translation>删除所选运行</translation>
    </message>
    <message numerus="yes">
        <location line="+303"/>
        <source>Delete %n run(s) and everything recorded for them? Undo brings them back until PromptFusion Studio closes.</source>
        <translation>
            <numerusform>删除 %n 次运行及其全部记录? 在 PromptFusion Studio 关闭前可以撤销。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Deleted %n run(s): %1</source>
        <translation>
            <numerusform>已删除 %n 次运行: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n earlier delete(s) can be undone</source>
        <translation>
            <numerusform>还可撤销之前的 %n 次删除</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+43"/>
        <source>Imported %n run(s)</source>
        <translation>
            <numerusform>已导入 %n 个运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>; %n already here</source>
        <translation>
            <numerusform>；%n 个已存在</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>; %n still running, left for a later import</source>
        <translation>
            <numerusform>；%n 个仍在运行，留待以后导入</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Export run</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <location line="-508"/>
        <source>Filter by name, method, data set, status, tag or notes</source>
        <translation>按名称、方法、数据集、状态、标签或备注筛选</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+206"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="-294"/>
        <source>Notes...</source>
        <translation>备注...</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>Overlay the selected runs (two or more)</source>
        <translation>叠加显示所选运行（两个或更多）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;name...</source>
        <translation>重命名(&amp;N)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-&amp;run</source>
        <translation>重新运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+200"/>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <location line="-271"/>
        <source>Rename the run</source>
        <translation>重命名该运行</translation>
    </message>
    <message>
        <location line="+252"/>
        <source>Run %1 · %2 · %3 tasks · seed %4</source>
        <translation>运行 %1 · %2 · %3 个任务 · 种子 %4</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Run history</source>
        <translation>运行历史</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>Set the run&apos;s tags, comma-separated</source>
        <translation>设置运行的标签（逗号分隔）</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Show the run&apos;s plots and matrix as they were live</source>
        <translation>按训练时的样子显示该运行的图表和矩阵</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start a new run with the same config</source>
        <translation>以相同配置开始新的运行</translation>
    </message>
    <message>
        <location line="+73"/>
        <location line="+209"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>Tags, comma-separated:</source>
        <translation>标签（逗号分隔）：</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Write notes about the run</source>
        <translation>为该运行写备注</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n run(s) in the store, %1 shown</source>
        <translation>
            <numerusform>存储中有 %n 个运行，显示 %1 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>Res&amp;ume</source>
        <translation>恢复(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on with an interrupted, stopped or failed run after its last completed task, from its checkpoint</source>
        <translation>从检查点继续被中断、停止或失败的运行，从其最后完成的任务之后开始</translation>
    </message>
</context>
<context>
    <name>pf::ui::LivePlots</name>
    <message>
        <location filename="../ui/live_plots.cpp" line="+30"/>
        <source>Loss smoothing</source>
        <translation>损失平滑</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+32"/>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+15"/>
        <location line="+3"/>
        <location line="+1"/>
        <source>tasks learned</source>
        <translation>已学习任务数</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How wrong the model is on the images it trains on: lower is better. A grey dashed line marks where a new task begins; the orange dashed line is the learning rate (right axis).</source>
        <translation>模型在训练图像上的错误程度: 越低越好。灰色虚线标出新任务的开始; 橙色虚线是学习率 (右轴)。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One line per task: how well it is still recognised after each new task. A line that falls is forgetting.</source>
        <translation>每个任务一条线: 每学一个新任务后它仍被识别得多好。下降的线就是遗忘。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much PromptFusion trusts the Booster, which learns new classes, over the Stabilizer, which keeps old ones.</source>
        <translation>PromptFusion 对学习新类别的 Booster 相比保持旧类别的 Stabilizer 的信任程度。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stability</source>
        <translation>稳定性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stability: accuracy kept on earlier tasks. Plasticity: accuracy on the task just learned. A good learner keeps both high.</source>
        <translation>稳定性: 早先任务上保持的准确率。可塑性: 刚学完任务上的准确率。好的学习器两者都高。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Old tasks</source>
        <translation>旧任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy on the earlier tasks&apos; classes: the fused prediction and each part of it alone.</source>
        <translation>早先任务类别上的准确率: 融合预测及其各部分单独的结果。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Newest task</source>
        <translation>最新任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy on the newest task&apos;s classes: the fused prediction and each part of it alone.</source>
        <translation>最新任务类别上的准确率: 融合预测及其各部分单独的结果。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 (dotted)</source>
        <translation>%1 (点线)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task %1: %2</source>
        <translation>任务 %1：%2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>PromptFusion&apos;s weight of the Booster
(other methods have none)</source>
        <translation>PromptFusion 中 Booster 的权重
（其他方法没有）</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Booster&apos;s weight</source>
        <translation>Booster 的权重</translation>
    </message>
    <message>
        <location line="+34"/>
        <source> task %1</source>
        <translation> 任务 %1</translation>
    </message>
    <message>
        <location line="-235"/>
        <source>fusion weight</source>
        <translation>融合权重</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stability / plasticity</source>
        <translation>稳定性 / 可塑性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>accuracy on old tasks</source>
        <translation>旧任务准确率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>accuracy on the newest task</source>
        <translation>最新任务准确率</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>gate rate (Lite)</source>
        <translation>门控率（Lite）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>stability (old tasks)</source>
        <translation>稳定性（旧任务）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>plasticity (newest task)</source>
        <translation>可塑性（最新任务）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>average accuracy</source>
        <translation>平均准确率</translation>
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
        <translation>模型</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Booster usage (Lite)</source>
        <translation>Booster 使用率（Lite）</translation>
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
        <translation>运行 %1 已保存到 %2</translation>
    </message>
    <message>
        <location line="-590"/>
        <source>BLAS: %1</source>
        <translation>BLAS：%1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+338"/>
        <source>Start a run with the settings on the left (Ctrl+R)</source>
        <translation>使用左侧的设置开始运行 (Ctrl+R)</translation>
    </message>
    <message>
        <location line="-335"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause or resume between batches</source>
        <translation>在批次之间暂停或继续</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>S&amp;tep epoch</source>
        <translation>运行一个轮次(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run one more epoch, then pause</source>
        <translation>再运行一个轮次，然后暂停</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the run; it is stored as stopped (Ctrl+.)</source>
        <translation>停止运行；它将以“已停止”状态保存 (Ctrl+.)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Welcome. The forgetting demo is loaded: press Start (Ctrl+R) to watch fine-tuning forget each task and PromptFusion keep them (about half a minute on two cores). Other experiments are in the Preset box.</source>
        <translation>欢迎。已加载遗忘演示: 按开始 (Ctrl+R), 观看微调遗忘每个任务而 PromptFusion 保住它们 (双核约半分钟)。其他实验在预设列表中。</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open config...</source>
        <translation>打开配置(&amp;O)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+886"/>
        <location line="+10"/>
        <source>Open config</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <location line="-895"/>
        <source>Configs (*.json);;All files (*)</source>
        <translation>配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fill the form from a JSON config (as pfstudio run --config reads)</source>
        <translation>用 JSON 配置填写表单 (与 pfstudio run --config 读取的相同)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save config as...</source>
        <translation>配置另存为(&amp;S)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+905"/>
        <source>Save config</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <location line="-901"/>
        <source>Configs (*.json)</source>
        <translation>配置 (*.json)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open run &amp;store...</source>
        <translation>打开运行存储(&amp;S)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+903"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Open run store</source>
        <translation>打开运行存储</translation>
    </message>
    <message>
        <location line="-915"/>
        <source>Run stores (*.sqlite);;All files (*)</source>
        <translation>运行存储 (*.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Presentation</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>T&amp;heme</source>
        <translation>主题(&amp;H)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About PromptFusion Studio</source>
        <translation>关于 PromptFusion Studio(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New learning rate for the running run, from its next step</source>
        <translation>正在进行的运行的新学习率（从下一步起）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 (needs your data)</source>
        <translation>%1 (需要您的数据)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+119"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Load preset</source>
        <translation>加载预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load preset %1? Your changes to the settings are lost.</source>
        <translation>加载预设 %1? 您对设置的更改将丢失。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy matrix</source>
        <translation>准确率矩阵</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+12"/>
        <source>Invalid settings</source>
        <translation>设置无效</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+30"/>
        <source>Loading data...</source>
        <translation>正在加载数据...</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Presentation: F11 or Escape to leave, Page Up / Page Down for other plots</source>
        <translation>演示模式: 按 F11 或 Escape 退出, Page Up / Page Down 切换图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presentation ended</source>
        <translation>演示模式已结束</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>The run store cannot be written:
%1

Training goes on and keeps its results in memory. When the run ends, they are saved into a recovery store beside it.</source>
        <translation>无法写入运行存储：
%1

训练继续进行，结果保留在内存中。运行结束后，结果将保存到其旁边的恢复存储中。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Run %1&apos;s results were saved as run %2 of %3</source>
        <translation>运行 %1 的结果已保存为 %3 中的运行 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The run store failed (%1), so run %2&apos;s results were saved as run %3 of
%4</source>
        <translation>运行存储失败（%1），因此运行 %2 的结果已保存为以下文件中的运行 %3：
%4</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The run&apos;s results could not be saved (%1); they are kept in memory: Run &gt; Save kept run as... writes them into another file</source>
        <translation>无法保存运行结果（%1）；结果保留在内存中：“运行”&gt;“另存保留的运行...”可将其写入另一个文件</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Run %1 is a stored run: sample images are shown while a run trains and are not stored.</source>
        <translation>运行 %1 是已保存的运行：样本图像只在训练时显示，不会保存。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Running one more epoch</source>
        <translation>再运行一个轮次</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stored run %1: %2</source>
        <translation>已保存的运行 %1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run %1, %2 of %3 in the comparison: %4</source>
        <translation>运行 %1（比较中的第 %2/%3 个）：%4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; dotted: %1</source>
        <translation>; 点线: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run %1 %2</source>
        <translation>运行 %1 %2</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>&lt;h3&gt;PromptFusion Studio %1&lt;/h3&gt;&lt;p&gt;Interactive continual learning: watch PromptFusion and its baselines learn a sequence of tasks.&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5&lt;/p&gt;&lt;p&gt;BLAS: %6&lt;br&gt;Kernel: %7&lt;br&gt;Runs compute with %8 threads (%9 cores)&lt;/p&gt;</source>
        <translation>&lt;h3&gt;PromptFusion Studio %1&lt;/h3&gt;&lt;p&gt;交互式持续学习：观察 PromptFusion 及其基线方法如何学习一系列任务。&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5&lt;/p&gt;&lt;p&gt;BLAS：%6&lt;br&gt;内核：%7&lt;br&gt;运行的计算线程：%8（%9 个核心）&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 is not a config this version can run:
%2</source>
        <translation>%1 不是此版本可运行的配置:
%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Config loaded from %1</source>
        <translation>已从 %1 加载配置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Config saved as %1</source>
        <translation>配置已保存为 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A run is in progress; open another store when it has ended.</source>
        <translation>有运行正在进行; 请在结束后再打开其他存储。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Run store: %1</source>
        <translation>运行存储: %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Learning rate %1 from the next step</source>
        <translation>从下一步起学习率为 %1</translation>
    </message>
    <message numerus="yes">
        <location line="-625"/>
        <source>Comparison: %n runs on the same task sequence, one after the other</source>
        <translation>
            <numerusform>比较：在同一任务序列上依次进行 %n 次运行</numerusform>
        </translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Lo&amp;g</source>
        <translation>日志(&amp;G)</translation>
    </message>
    <message>
        <location line="+360"/>
        <source>Stopping at the next batch...</source>
        <translation>将在下一个批次停止...</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1: %2, %3 tasks, %4 trainable parameters, %5 threads</source>
        <translation>%1：%2，%3 个任务，%4 个可训练参数，%5 个线程</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each training step is split by batch into %1 parts, one per thread</source>
        <translation>每个训练步骤按批次拆分为 %1 份，每个线程一份</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Task %1/%2 [%3]: %4 training images, %5 steps x %6 epochs</source>
        <translation>任务 %1/%2 [%3]：%4 张训练图像，%5 步 × %6 个轮次</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Task %1/%2 · epoch %3/%4 · loss %5 · %6 img/s · ETA %7</source>
        <translation>任务 %1/%2 · 轮次 %3/%4 · 损失 %5 · %6 张/秒 · 剩余 %7</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>  epoch %1/%2: mean loss %3, %4 s</source>
        <translation>  轮次 %1/%2：平均损失 %3，%4 秒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paused after epoch %1</source>
        <translation>已在轮次 %1 后暂停</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>  accuracy after task %1: %2 | average %3</source>
        <translation>  学习任务 %1 后的准确率：%2 | 平均 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+14"/>
        <source>, forgetting %1</source>
        <translation>，遗忘 %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Run %1 %2 after %3 s</source>
        <translation>运行 %1：%3 秒后 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>: average accuracy %1</source>
        <translation>：平均准确率 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <location line="-811"/>
        <location line="+820"/>
        <location line="+1"/>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot run the experiment</source>
        <translation>无法运行实验</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>About PromptFusion Studio</source>
        <translation>关于 PromptFusion Studio</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&lt;p&gt;&lt;b&gt;Warning:&lt;/b&gt; %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;警告：&lt;/b&gt;%1&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;p&gt;Runs are stored in %1&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;p&gt;运行记录保存在 %1&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="-875"/>
        <source>BLAS kernel: %1</source>
        <translation>BLAS 内核：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Slow matrix products</source>
        <translation>矩阵乘法较慢</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>BLAS kernel setting</source>
        <translation>BLAS 内核设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

OpenBLAS&apos;s own choice of kernels runs instead.</source>
        <translation>%1

改用 OpenBLAS 自己选择的内核。</translation>
    </message>
    <message>
        <location line="+864"/>
        <source>Stop the run?</source>
        <translation>停止运行？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run is in progress. Stop it and quit? It is kept in the history as stopped.</source>
        <translation>有运行正在进行。停止并退出吗？它将以“已停止”状态保留在历史记录中。</translation>
    </message>
    <message>
        <location line="-879"/>
        <location line="+555"/>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>domain %1</source>
        <translation>领域 %1</translation>
    </message>
    <message>
        <location line="-467"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+653"/>
        <source>A run is in progress; open stored runs when it has ended.</source>
        <translation>正在运行；请在结束后再打开已保存的运行。</translation>
    </message>
    <message>
        <location line="-634"/>
        <source>A run is in progress; re-run it when it has ended.</source>
        <translation>正在运行；请在结束后再重新运行。</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+543"/>
        <location line="+103"/>
        <source>Open run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <location line="-634"/>
        <location line="+6"/>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location line="+333"/>
        <source>Showing run %1: %2 (%3)</source>
        <translation>正在显示运行 %1：%2（%3）</translation>
    </message>
    <message>
        <location line="-441"/>
        <source> Learning rate </source>
        <translation> 学习率 </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+826"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; is not a learning rate: give a number in (0, 10].</source>
        <translation>&apos;%1&apos; 不是学习率：请输入 (0, 10] 之间的数值。</translation>
    </message>
    <message>
        <location line="-744"/>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时更改。</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Compute &amp;threads...</source>
        <translation>计算线程(&amp;T)...</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compute threads</source>
        <translation>计算线程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads for training runs whose config says 0 (0: all %1 cores):</source>
        <translation>配置为 0 的训练运行所用线程数（0：全部 %1 个核心）：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Runs use all cores</source>
        <translation>运行使用全部核心</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Runs use %1 threads</source>
        <translation>运行使用 %1 个线程</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Save &amp;kept run as...</source>
        <translation>另存保留的运行(&amp;K)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save a run whose store could not be written into another file</source>
        <translation>将无法写入存储的运行保存到另一个文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+853"/>
        <source>Save kept run as</source>
        <translation>另存保留的运行</translation>
    </message>
    <message>
        <location line="-852"/>
        <location line="+854"/>
        <source>Run stores (*.sqlite)</source>
        <translation>运行存储 (*.sqlite)</translation>
    </message>
    <message>
        <location line="-319"/>
        <source>Error: the run store cannot be written: %1</source>
        <translation>错误：无法写入运行存储：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>Run store</source>
        <translation>运行存储</translation>
    </message>
    <message>
        <location line="-172"/>
        <source>Resume run</source>
        <translation>恢复运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A run is in progress; resume another when it has ended.</source>
        <translation>有运行正在进行；请在其结束后再恢复其他运行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Resuming run %1 from its checkpoint</source>
        <translation>正在从检查点恢复运行 %1</translation>
    </message>
    <message>
        <location line="+204"/>
        <source>Warning: no checkpoint after task %1: %2</source>
        <translation>警告：任务 %1 之后没有检查点：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checkpoint not written</source>
        <translation>未写入检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The checkpoint after task %1 could not be written, so the run cannot resume from there if it is interrupted. Training goes on.

%2</source>
        <translation>无法写入任务 %1 之后的检查点，因此运行若被中断将无法从该处恢复。训练继续进行。

%2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1: %2, resumed after task %3 of %4, %5 threads</source>
        <translation>%1：%2，从第 %3/%4 个任务之后恢复，%5 个线程</translation>
    </message>
    <message>
        <location line="+305"/>
        <source>Kept run saved as run %1 of %2</source>
        <translation>保留的运行已保存为 %2 中的运行 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save kept run</source>
        <translation>保存保留的运行</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Save the kept run?</source>
        <translation>保存保留的运行？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last run could not be written to the run store: its results exist only in memory. Save them into another file before quitting?</source>
        <translation>上一次运行无法写入运行存储：其结果只存在于内存中。退出前是否保存到另一个文件？</translation>
    </message>
</context>
<context>
    <name>pf::ui::MatrixView</name>
    <message>
        <location filename="../ui/matrix_view.cpp" line="+30"/>
        <source>E&amp;xport table...</source>
        <translation>导出表格(&amp;X)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the accuracy of every task after each task, with the average accuracy, forgetting, stability and plasticity, as CSV</source>
        <translation>将每个任务之后各任务的准确率, 连同平均准确率、遗忘、稳定性和可塑性, 保存为 CSV</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+13"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1: %2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>after learning task</source>
        <translation>学习完的任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task tested</source>
        <translation>测试的任务</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>pf::ui::PlotWidget</name>
    <message>
        <location filename="../ui/plot_widget.cpp" line="+206"/>
        <source>Fit to data</source>
        <translation>适应数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export as PNG...</source>
        <translation>导出为 PNG...</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+7"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+7"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Export as PDF...</source>
        <translation>导出为 PDF...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>pf::ui::PreviewLoader</name>
    <message>
        <location filename="../ui/task_preview.cpp" line="+33"/>
        <source>%1: %2 classes, %3 training and %4 test images, %5 x %5 pixels</source>
        <translation>%1：%2 个类别，%3 张训练图像和 %4 张测试图像，%5 × %5 像素</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task %1 · %2</source>
        <translation>任务 %1 · %2</translation>
    </message>
</context>
<context>
    <name>pf::ui::PromptUseView</name>
    <message>
        <location filename="../ui/prompt_use_view.cpp" line="+20"/>
        <source>Prompt selection: % of each task&apos;s test images that chose each prompt</source>
        <translation>提示选择：各任务的测试图像中选择各提示的比例（%）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The evaluation to show</source>
        <translation>要显示的评估</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>after task %1</source>
        <translation>任务 %1 之后</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task tested</source>
        <translation>测试的任务</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>share of images (%)</source>
        <translation>图像占比 (%)</translation>
    </message>
</context>
<context>
    <name>pf::ui::RunTableModel</name>
    <message numerus="yes">
        <location filename="../ui/history_view.cpp" line="-219"/>
        <source>%n runs that differ only in seed: %1</source>
        <translation>
            <numerusform>仅种子不同的 %n 次运行: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 (%n seeds)</source>
        <translation>
            <numerusform>%1 (%n 个种子)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>After %1 of %2 tasks: not the whole sequence&apos;s figure</source>
        <translation>%2 个任务中的第 %1 个之后：不是整个任务序列的数值</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy %</source>
        <translation>准确率 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forgetting %</source>
        <translation>遗忘 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>pf::ui::SampleInspector</name>
    <message>
        <location filename="../ui/sample_inspector.cpp" line="+37"/>
        <source>Test images of every task so far appear here after each task, with each part&apos;s prediction: green right, red wrong.</source>
        <translation>每个任务结束后，这里显示至今每个任务的测试图像及各部分的预测：绿色为正确，红色为错误。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>After task %1: test images of each task learned so far</source>
        <translation>任务 %1 之后：至今已学习的各任务的测试图像</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;b&gt;Task %1&lt;/b&gt; (old)</source>
        <translation>&lt;b&gt;任务 %1&lt;/b&gt;（旧）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Task %1&lt;/b&gt; (new)</source>
        <translation>&lt;b&gt;任务 %1&lt;/b&gt;（新）</translation>
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
        <translation>尚未加载数据</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Loading the data...</source>
        <translation>正在加载数据...</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot load the data: %1</source>
        <translation>无法加载数据：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 training, %3 test images · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 张训练图像，%3 张测试图像 · %4</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n classes</source>
        <translation>
            <numerusform>%n 个类别</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pf::ui::TrainingWorker</name>
    <message>
        <location filename="../ui/training_worker.cpp" line="+26"/>
        <source>Unknown error in the training thread</source>
        <translation>训练线程中发生未知错误</translation>
    </message>
</context>
</TS>
