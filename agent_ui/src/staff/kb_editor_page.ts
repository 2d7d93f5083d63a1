import "./kefu-kb-editor";
